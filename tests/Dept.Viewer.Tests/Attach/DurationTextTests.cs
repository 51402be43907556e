using Dept.Viewer.Attach;

namespace Dept.Viewer.Tests.Attach;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5000)]
    [InlineData("2m", 120000)]
    [InlineData("1.5", 1500)]
    public void Valid_Parses(string text, double ms)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("5h")]
    [InlineData("1e300s")]
    public void Invalid_Rejected(string text) => Assert.False(DurationText.TryParse(text, out _));
}
