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

    [Fact]
    public void ChainKeys_HashToDistinctValues()
    {
        // long's own hash of (from << 32 | to) is from ^ to: the keys of a chain i -> i + 1 share a handful of values.
        var hashes = new HashSet<int>();
        var slots = new HashSet<int>();
        for (var i = 1; i <= 100_000; i++)
        {
            var key = EdgeSet.Key(i, i + 1);
            hashes.Add(MixedKeyComparer.Instance.GetHashCode(key));
            slots.Add(EdgeSet.SlotOf(key, (1 << 18) - 1));
        }

        Assert.True(hashes.Count > 99_990, $"{hashes.Count} distinct hashes of 100,000 chain keys");
        Assert.True(slots.Count > 80_000, $"{slots.Count} distinct slots of 262,144 for 100,000 chain keys"); // ~85,000 expected of a random function
        Assert.True(new HashSet<int>(Enumerable.Range(1, 100_000).Select(i => EdgeSet.Key(i, i + 1).GetHashCode())).Count < 100, "the raw hash is the bad one");
    }

    [Fact]
    public void Values_SurviveGrowth()
    {
        var set = new EdgeSet();
        for (var i = 1; i <= 3000; i++)
        {
            set.Add(EdgeSet.Key(i, i + 1), i * 3);
        }

        for (var i = 1; i <= 3000; i++)
        {
            Assert.True(set.TryGetValue(EdgeSet.Key(i, i + 1), out var value));
            Assert.Equal(i * 3, value);
        }

        Assert.False(set.TryGetValue(EdgeSet.Key(2, 1), out _));
    }
}
