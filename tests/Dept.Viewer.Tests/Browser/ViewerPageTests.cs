using Dept.Core.Annotations;
using Dept.Core.Snapshots;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dept.Viewer.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ViewerPageTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<EndpointFixture>
{
    private async Task<PageDriver> Open(Uri url)
    {
        var driver = new PageDriver(await browser.NewPage(), output);
        await driver.Open(url);
        return driver;
    }

    [Fact]
    public async Task Page_ListsTheKnownCycles_AndAClickOnAClassShowsItsDependencies()
    {
        using var fixture = new EndpointFixture();
        var page = await Open(fixture.Endpoint.PageUrl);

        var heads = await page.CycleHeads();
        Assert.Equal(3, heads.Count);
        Assert.Contains(heads, h => h.StartsWith("Deadlock", StringComparison.Ordinal) && h.Contains(EngineGraphs.Orders, StringComparison.Ordinal) && h.Contains(EngineGraphs.Inventory, StringComparison.Ordinal));
        Assert.Contains(heads, h => h.StartsWith("Deadlock", StringComparison.Ordinal) && h.Contains(EngineGraphs.CacheLock, StringComparison.Ordinal) && h.Contains(EngineGraphs.CacheRefreshed, StringComparison.Ordinal));
        Assert.Contains(heads, h => h.StartsWith("TimeoutCircularDependency", StringComparison.Ordinal) && h.Contains(EngineGraphs.Fence, StringComparison.Ordinal));
        // Each report shows its contexts with [S]/[W]/[E] and their source lines.
        var first = await page.Texts("#cycle-list .cycle-item:first-child .ctx");
        Assert.Equal(2, first.Count);
        Assert.Contains("[S] Monitor.Enter(", first[0], StringComparison.Ordinal);
        Assert.Contains("[W] ", first[0], StringComparison.Ordinal);
        Assert.Contains("[E] ", first[0], StringComparison.Ordinal);
        Assert.Contains("Worker.cs:", first[0], StringComparison.Ordinal);
        var timeoutReport = await page.Page.InnerTextAsync("#cycle-list .cycle-item:last-child");
        Assert.Contains(">8 timeout", timeoutReport, StringComparison.Ordinal);
        Assert.DoesNotContain(">8 timeout", string.Join("\n", first), StringComparison.Ordinal);

        await page.ClickClassInList(EngineGraphs.Logger);
        await page.WaitForDetail(EngineGraphs.Logger);
        var dependsOn = await page.Texts("#depends-on li");
        Assert.Contains(dependsOn, t => t.StartsWith(EngineGraphs.Orders, StringComparison.Ordinal));
        Assert.Contains(dependsOn, t => t.StartsWith(EngineGraphs.Inventory, StringComparison.Ordinal) && t.Contains("depth 2", StringComparison.Ordinal));
        Assert.Equal(["nothing"], await page.Texts("#depended-on-by li"));

        // A click on a node of the drawn neighbourhood moves to that class.
        await page.Page.Locator("#graph g.node", new PageLocatorOptions { HasTextString = EngineGraphs.Orders }).ClickAsync();
        await page.WaitForDetail(EngineGraphs.Orders);
        Assert.Contains(await page.Texts("#depended-on-by li"), t => t.StartsWith(EngineGraphs.Logger, StringComparison.Ordinal));
        Assert.True(File.Exists(await page.Screenshot("viewer-known-cycles")));
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Page_OpenedWithoutItsToken_ShowsNoData_AndSaysHowToOpenIt()
    {
        // What a page of another site, or a user with a bare address, gets: the shell, then a refusal, no classes (#13).
        using var fixture = new EndpointFixture();
        var page = await browser.NewPage();
        await page.GotoAsync(fixture.Endpoint.Url.ToString());
        var status = page.Locator("#status.error");
        await status.WaitForAsync();
        Assert.Contains("403 missing or wrong access token", await status.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await page.Locator("#cycle-list .cycle-item").AllInnerTextsAsync());
        Assert.Empty(await page.Locator("#class-list button.cls").AllInnerTextsAsync());
    }

    [Fact]
    public async Task Filters_OnlyCyclesTimeoutAndNamespace_NarrowTheLists()
    {
        using var fixture = new EndpointFixture();
        var page = await Open(fixture.Endpoint.PageUrl);

        await page.Page.CheckAsync("#only-cycles");
        Assert.Equal(6, (await page.Texts("#class-list li")).Count);
        Assert.DoesNotContain(EngineGraphs.Logger, await page.Texts("#class-list li"));
        await page.Page.SelectOptionAsync("#timeout", "exclude");
        Assert.Equal(2, (await page.CycleHeads()).Count);
        Assert.Equal(4, (await page.Texts("#class-list li")).Count);
        await page.Page.SelectOptionAsync("#timeout", "only");
        Assert.Single(await page.CycleHeads());
        await page.Page.UncheckAsync("#only-cycles");
        await page.Page.SelectOptionAsync("#timeout", "all");
        await page.Page.FillAsync("#namespace", "Shop.Io");
        Assert.Equal([EngineGraphs.Fence, EngineGraphs.Queue], (await page.Texts("#class-list li")).Order(StringComparer.Ordinal));
        await page.Page.FillAsync("#namespace", string.Empty);
        await page.Page.FillAsync("#search", "logger");
        Assert.Equal([EngineGraphs.Logger], await page.Texts("#class-list li"));
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task LiveRefresh_ShowsACycleFoundAfterThePageLoaded()
    {
        var engine = EngineGraphs.NewEngine();
        await using var endpoint = DeptEndpoint.Start(engine, new DeptEndpointOptions { Port = 0, SnapshotMaxAge = TimeSpan.Zero });
        var page = await Open(endpoint.PageUrl);
        Assert.Empty(await page.CycleHeads());
        Assert.True(await page.Page.IsCheckedAsync("#live"), "live refresh is on for a running process");

        object a = new(), b = new();
        var t = new Thread(() =>
        {
            engine.Acquire(DeptKey.Named("Live.A"), a); engine.Acquire(DeptKey.Named("Live.B"), b); engine.Release(b); engine.Release(a);
            engine.Acquire(DeptKey.Named("Live.B"), b); engine.Acquire(DeptKey.Named("Live.A"), a); engine.Release(a); engine.Release(b);
        });
        t.Start();
        Assert.True(t.Join(TimeSpan.FromSeconds(30)));

        // The page polls /api/info; wait (bounded by Playwright's 30 s) until it has picked the new cycle up.
        await page.Page.WaitForSelectorAsync("#cycle-list .cycle-item");
        Assert.Contains("Live.A", Assert.Single(await page.CycleHeads()), StringComparison.Ordinal);
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task FilePicker_OpensASavedReport_AndRejectsAMalformedOne()
    {
        using var fixture = new EndpointFixture();
        var empty = EngineGraphs.NewEngine();
        await using var endpoint = DeptEndpoint.Start(empty, new DeptEndpointOptions { Port = 0 });
        var page = await Open(endpoint.PageUrl);
        Assert.Empty(await page.CycleHeads());

        var dir = Directory.CreateTempSubdirectory("dept-viewer-").FullName;
        var report = Path.Combine(dir, "report.json");
        DeptDocumentJson.WriteFile(fixture.Engine.CreateDocument(), report);
        await page.Page.SetInputFilesAsync("#file", report);
        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('#cycle-list .cycle-item').length === 3");
        Assert.Contains("opened report.json", await page.Page.InnerTextAsync("#status"), StringComparison.Ordinal);
        await page.ClickClassInList(EngineGraphs.Orders);
        await page.WaitForDetail(EngineGraphs.Orders);
        Assert.Contains(await page.Texts("#depends-on li"), t => t.StartsWith(EngineGraphs.Inventory, StringComparison.Ordinal));

        var bad = Path.Combine(dir, "bad.json");
        await File.WriteAllTextAsync(bad, "{\"schema\": \"dept.report/99\"}");
        await page.Page.SetInputFilesAsync("#file", bad);
        await page.Page.WaitForSelectorAsync("#status.error");
        Assert.Contains("dept.report/99", await page.Page.InnerTextAsync("#status"), StringComparison.Ordinal);
        Assert.Equal(3, (await page.CycleHeads()).Count);
        page.AssertNoScriptErrors();
    }
}
