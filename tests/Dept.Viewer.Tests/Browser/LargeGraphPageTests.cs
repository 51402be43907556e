using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dept.Viewer.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LargeGraphPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task FiveThousandClasses_RenderTheCycleListAndANeighbourhood_NotAHairball()
    {
        var engine = EngineGraphs.Chain(5000);
        await using var endpoint = DeptEndpoint.Start(engine, new DeptEndpointOptions { Port = 0 });
        var page = new PageDriver(await browser.NewPage(), output);
        await page.Open(endpoint.PageUrl);

        Assert.Contains("5000 classes", await page.Page.InnerTextAsync("#source"), StringComparison.Ordinal);
        var head = Assert.Single(await page.CycleHeads());
        Assert.Contains("Big.N0.C0", head, StringComparison.Ordinal);
        // The class list is capped; the rest is one "refine the search" line.
        Assert.Equal(201, (await page.Texts("#class-list li")).Count);
        Assert.Contains("4800 more", await page.Page.InnerTextAsync("#class-list"), StringComparison.Ordinal);

        await page.Page.FillAsync("#search", "Big.N25.C2500");
        await page.ClickClassInList("Big.N25.C2500");
        await page.WaitForDetail("Big.N25.C2500");
        var nodes = await page.Page.Locator("#graph g.node").CountAsync();
        Assert.InRange(nodes, 3, 1 + (2 * 40));
        Assert.Contains(await page.Texts("#depends-on li"), t => t.StartsWith("Big.N25.C2501", StringComparison.Ordinal));
        Assert.Contains(await page.Texts("#depended-on-by li"), t => t.StartsWith("Big.N24.C2499", StringComparison.Ordinal));
        await page.Screenshot("viewer-5000-classes");
        page.AssertNoScriptErrors();
    }
}
