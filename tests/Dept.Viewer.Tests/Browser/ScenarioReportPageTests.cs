using Dept.Core.Snapshots;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Sources;
using Xunit.Abstractions;

namespace Dept.Viewer.Tests.Browser;

/// <summary>
/// The viewer opened on a report the scenario runner wrote (#14): reference workload D1, a fence wait under a ring
/// lock, as `dept view demos/DmaBuf.Scenarios/bin/Release/net10.0/reports/D1.json` serves it. Its screenshot is the
/// one in docs/how-to/reference-workload.md.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScenarioReportPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task ScenarioReport_ShowsItsCycle_WithTheNotationLegend()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Browser", "Data", "D1.json");
        var document = DeptDocumentJson.ReadFile(path);
        await using var endpoint = DeptEndpoint.Start(new DocumentSource(document, "D1.json"), new DeptEndpointOptions { Port = 0 });
        var page = new PageDriver(await browser.NewPage(), output);
        await page.Open(endpoint.PageUrl);

        var head = Assert.Single(await page.CycleHeads());
        Assert.Contains("dma_fence_map", head, StringComparison.Ordinal);
        Assert.Contains("gfx.ring_lock", head, StringComparison.Ordinal);
        var contexts = await page.Texts("#cycle-list .cycle-item .ctx");
        Assert.Equal(2, contexts.Count);
        Assert.Contains("D01WaitUnderLock.cs:", string.Join("\n", contexts), StringComparison.Ordinal);

        await page.Page.ClickAsync("#notation summary");
        var legend = await page.Page.InnerTextAsync("#notation");
        Assert.Contains("(N/A)", legend, StringComparison.Ordinal);
        Assert.Contains("<site>", legend, StringComparison.Ordinal);
        Assert.Contains("op(Class:N)", legend, StringComparison.Ordinal);

        await page.Page.ClickAsync("#cycle-list .cycle-item button.cls");
        await page.Page.WaitForSelectorAsync("#graph g.node");
        Assert.True(File.Exists(await page.Screenshot("viewer-scenario-d1")));
        page.AssertNoScriptErrors();
    }
}
