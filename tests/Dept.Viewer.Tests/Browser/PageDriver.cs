using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dept.Viewer.Tests.Browser;

/// <summary>The viewer page as tests see it: load, read lists, click, screenshot.</summary>
internal sealed class PageDriver(IPage page, ITestOutputHelper output)
{
    private readonly List<string> _consoleErrors = [];

    public IPage Page { get; } = page;

    public async Task Open(Uri url)
    {
        Page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                _consoleErrors.Add(m.Text);
            }
        };
        Page.PageError += (_, e) => _consoleErrors.Add(e);
        await Page.GotoAsync(url.ToString());
        await Page.WaitForSelectorAsync("body[data-ready=true]");
    }

    public async Task<IReadOnlyList<string>> CycleHeads() =>
        await Page.Locator("#cycle-list .cycle-item .cycle-head").AllInnerTextsAsync();

    public async Task<IReadOnlyList<string>> Texts(string selector) => await Page.Locator(selector).AllInnerTextsAsync();

    public Task ClickClassInList(string name) =>
        Page.Locator("#class-list button.cls", new PageLocatorOptions { HasTextString = name }).First.ClickAsync();

    public async Task WaitForDetail(string name) =>
        await Page.WaitForFunctionAsync("n => document.getElementById('detail-title').textContent === n", name);

    public async Task<string> Screenshot(string name)
    {
        var path = Path.Combine(BrowserFixture.ArtifactDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>Fails the test if the page logged a JavaScript error.</summary>
    public void AssertNoScriptErrors() => Assert.True(_consoleErrors.Count == 0, "page errors: " + string.Join(" | ", _consoleErrors));
}
