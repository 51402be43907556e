using Dept.Core.Live;
using Dept.Core.Snapshots;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Sources;
using Dept.Viewer.Tests.Support;
using Xunit.Abstractions;

namespace Dept.Viewer.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class HangsPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string HangItems = "#hang-list .hang-item";

    private async Task<PageDriver> Open(Uri url)
    {
        var driver = new PageDriver(await browser.NewPage(), output);
        await driver.Open(url);
        return driver;
    }

    private static async Task AssertListsTheKnownHangs(PageDriver page)
    {
        var items = await page.Texts(HangItems);
        Assert.Equal(2, items.Count);
        Assert.Contains($"HANG {HangGraphs.LockThread} · waited 6.2 s", items[0], StringComparison.Ordinal);
        Assert.Contains("waits on: " + HangGraphs.LockWaitingOn, items[0], StringComparison.Ordinal);
        Assert.Contains("owner: thread 13", items[0], StringComparison.Ordinal);
        Assert.Contains($"HANG {HangGraphs.HandleThread} · waited 350 ms", items[1], StringComparison.Ordinal);
        Assert.Contains("owner: unknown", items[1], StringComparison.Ordinal);
        Assert.Equal("(2)", await page.Page.InnerTextAsync("#hang-count"));

        // The stack is collapsed until asked for; the hang without one has no stack to open.
        var frames = page.Page.Locator($"{HangItems}:first-child details.stack pre");
        Assert.False(await frames.IsVisibleAsync());
        await page.Page.ClickAsync($"{HangItems}:first-child details.stack summary");
        Assert.Contains(HangGraphs.UserFrame, await frames.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.Locator($"{HangItems}:last-child details.stack").CountAsync());
    }

    [Fact]
    public async Task ServedReportWithHangs_ListsThemAfterTheCycles_WithAnExpandableStack()
    {
        var source = new DocumentSource(HangGraphs.Document(EngineGraphs.KnownCycles()), "attach.json");
        await using var endpoint = DeptEndpoint.Start(source, new DeptEndpointOptions { Port = 0 });
        var page = await Open(endpoint.PageUrl);

        Assert.True(await page.Page.IsVisibleAsync("#hangs"));
        Assert.Equal(3, (await page.CycleHeads()).Count);
        // DOCUMENT_POSITION_FOLLOWING (4): the hangs come after the cycle list.
        Assert.Equal(4, await page.Page.EvaluateAsync<int>("() => document.getElementById('cycle-list').compareDocumentPosition(document.getElementById('hangs')) & 4"));
        await AssertListsTheKnownHangs(page);
        Assert.Contains("2 hangs", await page.Page.InnerTextAsync("#source"), StringComparison.Ordinal);
        Assert.False(await page.Page.IsCheckedAsync("#live"), "a saved report is not polled");
        await page.Screenshot("viewer-hangs");
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task InstrumentationRun_HidesTheHangsSection()
    {
        using var fixture = new EndpointFixture();
        var page = await Open(fixture.Endpoint.PageUrl);
        Assert.Equal(3, (await page.CycleHeads()).Count);
        Assert.False(await page.Page.IsVisibleAsync("#hangs"));
        Assert.Equal(0, await page.Page.Locator(HangItems).CountAsync());
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task FilePicker_OpensASavedReportWithHangs()
    {
        var empty = EngineGraphs.NewEngine();
        await using var endpoint = DeptEndpoint.Start(empty, new DeptEndpointOptions { Port = 0 });
        var page = await Open(endpoint.PageUrl);
        Assert.False(await page.Page.IsVisibleAsync("#hangs"));

        var dir = Directory.CreateTempSubdirectory("dept-viewer-").FullName;
        try
        {
            var report = Path.Combine(dir, "attach.json");
            DeptDocumentJson.WriteFile(HangGraphs.Document(EngineGraphs.KnownCycles()), report);
            await page.Page.SetInputFilesAsync("#file", report);
            await page.Page.WaitForSelectorAsync(HangItems);
            Assert.Contains("opened attach.json", await page.Page.InnerTextAsync("#status"), StringComparison.Ordinal);
            Assert.Equal(3, (await page.CycleHeads()).Count);
            await AssertListsTheKnownHangs(page);
            page.AssertNoScriptErrors();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task LiveAttach_ShowsAHangFoundAfterThePageLoaded()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var tracker = HangGraphs.Tracker(clock);
        await using var endpoint = DeptEndpoint.Start(HangGraphs.Attach(tracker), new DeptEndpointOptions { Port = 0 });
        tracker.Post(LiveEvent.LockWait(11, clock.GetUtcNow(), lockId: 0x2a, objectId: 0, owner: 22));
        var page = await Open(endpoint.PageUrl);
        Assert.True(await page.Page.IsCheckedAsync("#live"), "live refresh is on while attached");
        Assert.True(await page.Page.IsVisibleAsync("#hangs"), "an attach shows its (empty) hang list");
        Assert.Equal(["no hang seen"], await page.Texts("#hang-list li"));

        // No event arrives: only the clock turns the wait into a hang. The page polls /api/info (every 2 s) and
        // reloads when the revision changes; Playwright's wait is bounded by 30 s.
        clock.Advance(TimeSpan.FromSeconds(6));
        await page.Page.WaitForSelectorAsync(HangItems);
        var item = Assert.Single(await page.Texts(HangItems));
        Assert.Contains("HANG thread 11 · waited 6.0 s", item, StringComparison.Ordinal);
        Assert.Contains("owner: thread 22", item, StringComparison.Ordinal);
        page.AssertNoScriptErrors();
    }
}
