namespace Dept.Viewer.Tests.Browser;

public sealed class MissingChromiumTests
{
    [Fact]
    public async Task MissingChromium_FailsWithAnInstallHint_InsteadOfSkipping()
    {
        var fixture = new BrowserFixture("/nonexistent/chromium");
        await fixture.InitializeAsync();
        var ex = Assert.Throws<InvalidOperationException>(() => fixture.Browser);
        Assert.Contains("chromium not found at /nonexistent/chromium", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y chromium", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(fixture.NewPage);
        await fixture.DisposeAsync();
    }
}
