using Dept.Core.Graph;

namespace Dept.Core.Tests.Graph;

public sealed class EdgeSetTests
{
    [Fact]
    public void AddAndContains_AcrossGrowth()
    {
        var set = new EdgeSet();
        for (var i = 1; i <= 5000; i++)
        {
            Assert.True(set.Add(EdgeSet.Key(i, i + 1)));
        }

        Assert.False(set.Add(EdgeSet.Key(7, 8)));
        Assert.Equal(5000, set.Count);
        Assert.True(set.Contains(EdgeSet.Key(4999, 5000)));
        Assert.False(set.Contains(EdgeSet.Key(8, 7)));
    }

    [Fact]
    public async Task ReadersDuringWrites_NeverSeeAFalsePositive()
    {
        var set = new EdgeSet();
        var writer = Task.Run(() =>
        {
            for (var i = 1; i <= 20000; i++)
            {
                lock (set)
                {
                    set.Add(EdgeSet.Key(i, 1));
                }
            }
        });
        var reader = Task.Run(() =>
        {
            while (!writer.IsCompleted)
            {
                Assert.False(set.Contains(EdgeSet.Key(1, 2)));
            }
        });
        await Task.WhenAll(writer, reader).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(set.Contains(EdgeSet.Key(20000, 1)));
    }
}
