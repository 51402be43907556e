namespace Dept.Viewer.Tests.Browser;

/// <summary>One chromium for all browser tests (starting it costs about a second).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
