using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dept.Viewer.Tests.Browser;

/// <summary>The drawings (#15) as a person sees them: geometry, not just presence.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GraphDrawingTests(BrowserFixture browser, ITestOutputHelper output)
{
    private async Task<PageDriver> Open(Uri url)
    {
        var driver = new PageDriver(await browser.NewPage(), output);
        await driver.Open(url);
        return driver;
    }

    [Fact]
    public async Task CycleView_TwoCycle_IsARingOfTwoSeparateArrows_WithTheContextsOnTheEdges()
    {
        using var fixture = new EndpointFixture();
        var page = await Open(fixture.Endpoint.PageUrl);

        // The first report (Orders <-> Inventory) is selected on load and drawn as a ring.
        await page.Page.WaitForSelectorAsync("#graph[data-view=ring]");
        var g = await GraphGeometry.Of(page.Page);
        g.AssertReadable();
        Assert.Equal(2, g.Nodes.Count);
        Assert.Equal(2, g.Edges.Count);
        Assert.NotEqual(g.Edges[0].PathData, g.Edges[1].PathData);
        // Two arcs on opposite sides of the ring: their midpoints lie far apart.
        var gap = Math.Sqrt(Math.Pow(g.Edges[0].MidX - g.Edges[1].MidX, 2) + Math.Pow(g.Edges[0].MidY - g.Edges[1].MidY, 2));
        Assert.True(gap > 40, $"the two edges of the 2-cycle are {gap:0} px apart: drawn as one");
        Assert.Equal(g.Edges[0].From, g.Edges[1].To);
        Assert.Equal(g.Edges[0].To, g.Edges[1].From);

        var labels = await page.Page.Locator("#graph .ring-label").AllTextContentsAsync();
        Assert.Equal(2, labels.Count);
        foreach (var label in labels)
        {
            Assert.Contains("[S] Monitor.Enter  Worker.cs:", label, StringComparison.Ordinal);
            Assert.Contains("[W] Monitor.Enter  Worker.cs:", label, StringComparison.Ordinal);
            Assert.Contains("[E] ", label, StringComparison.Ordinal);
            Assert.Contains("Worker.cs:", label, StringComparison.Ordinal);
        }

        Assert.Contains(labels, l => l.StartsWith("context A", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("context B", StringComparison.Ordinal));
        await page.Screenshot("viewer-cycle-ring");
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Neighbourhood_LayeredLayout_NodesInsideAndApart_TwoCycleTwoPaths_HoverNamesTheSites()
    {
        using var fixture = new EndpointFixture();
        var page = await Open(fixture.Endpoint.PageUrl);
        await page.Page.FillAsync("#search", EngineGraphs.Orders);
        await page.ClickClassInList(EngineGraphs.Orders);
        await page.WaitForDetail(EngineGraphs.Orders);

        var g = await GraphGeometry.Of(page.Page);
        g.AssertReadable();
        Assert.Equal(3, g.Nodes.Count); // Logger -> Orders <-> Inventory
        var ids = g.Nodes.ToDictionary(n => n.Text, n => n);
        var there = g.Edges.Where(e => e.Classes.Contains("cycle", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, there.Count);
        Assert.NotEqual(there[0].PathData, there[1].PathData);
        var gap = Math.Sqrt(Math.Pow(there[0].MidX - there[1].MidX, 2) + Math.Pow(there[0].MidY - there[1].MidY, 2));
        Assert.True(gap > 8, $"A -> B and B -> A are {gap:0} px apart at their middle: one line with two arrowheads");
        // Layered: what depends (Logger) left of what it depends on (Orders).
        Assert.True(ids[EngineGraphs.Logger].Box.Right < ids[EngineGraphs.Orders].Box.X, "Logger depends on Orders but is not drawn left of it");

        // Hovering an edge names its wait and event sites.
        var edge = page.Page.Locator("#graph g.edge:not(.cycle) path.hit").First;
        await edge.HoverAsync(new LocatorHoverOptions { Force = true });
        var tip = page.Page.Locator("#graph-box .edge-tip");
        await tip.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        var text = await tip.InnerTextAsync();
        Assert.Contains($"{EngineGraphs.Logger} → {EngineGraphs.Orders}", text, StringComparison.Ordinal);
        Assert.Contains("wait: Monitor.Enter at", text, StringComparison.Ordinal);
        Assert.Contains("Worker.cs:", text, StringComparison.Ordinal);
        await page.Screenshot("viewer-neighbourhood");
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task PanAndZoom_ChangeTheScale_FitRestoresAReadableDrawing()
    {
        using var fixture = new EndpointFixture();
        var page = await Open(fixture.Endpoint.PageUrl);
        await page.Page.WaitForSelectorAsync("#graph[data-view=ring]");
        var fitted = await page.Page.GetAttributeAsync("#graph", "data-scale");
        await page.Page.ClickAsync("#zoom-in");
        Assert.NotEqual(fitted, await page.Page.GetAttributeAsync("#graph", "data-scale"));
        await page.Page.Mouse.WheelAsync(0, 300);
        await page.Page.ClickAsync("#zoom-fit");
        Assert.Equal(fitted, await page.Page.GetAttributeAsync("#graph", "data-scale"));
        (await GraphGeometry.Of(page.Page)).AssertReadable();
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Overview_KnownCycles_ShowsEveryComponent_CyclesHighlighted()
    {
        using var fixture = new EndpointFixture();
        var page = await Open(fixture.Endpoint.PageUrl);
        await page.Page.ClickAsync("#show-overview");
        await page.Page.WaitForFunctionAsync("() => document.getElementById('detail-title').textContent.startsWith('Overview')");

        var g = await GraphGeometry.Of(page.Page);
        g.AssertReadable();
        // 7 classes: three 2-class cycles and the Logger on its own.
        Assert.Equal(4, g.Nodes.Count);
        Assert.Equal(3, g.Nodes.Count(n => n.Classes.Contains("scc", StringComparison.Ordinal) && n.Classes.Contains("cycle", StringComparison.Ordinal)));
        Assert.Contains(g.Nodes, n => n.Text == EngineGraphs.Logger && !n.Classes.Contains("cycle", StringComparison.Ordinal));
        await page.Screenshot("viewer-overview");

        // A click on a cyclic component draws its classes.
        await page.Page.Locator("#graph g.node.scc", new PageLocatorOptions { HasTextString = "2 classes" }).First.ClickAsync();
        await page.Page.WaitForFunctionAsync("() => document.getElementById('detail-title').textContent.startsWith('Strongly connected component of 2')");
        var scc = await GraphGeometry.Of(page.Page);
        scc.AssertReadable();
        Assert.Equal(2, scc.Nodes.Count);
        Assert.Equal(2, scc.Edges.Count);
        page.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Overview_FiveThousandClasses_StaysWithinTheNodeBudget_AndReadable()
    {
        var engine = EngineGraphs.Chain(5000);
        await using var endpoint = DeptEndpoint.Start(engine, new DeptEndpointOptions { Port = 0 });
        var page = await Open(endpoint.PageUrl);
        await page.Page.ClickAsync("#show-overview");
        await page.Page.WaitForFunctionAsync("() => document.getElementById('detail-title').textContent.startsWith('Overview')");

        Assert.Contains("4999 components, 1 with cycles", await page.Page.InnerTextAsync("#detail-title"), StringComparison.Ordinal);
        var g = await GraphGeometry.Of(page.Page);
        // The page's budget: at most 120 nodes, whatever the graph's size (acyclic classes grouped by namespace).
        Assert.InRange(g.Nodes.Count, 2, 120);
        g.AssertReadable();
        var cycle = Assert.Single(g.Nodes, n => n.Classes.Contains("scc", StringComparison.Ordinal));
        Assert.Contains("2 classes", cycle.Text, StringComparison.Ordinal);
        Assert.Contains(g.Nodes, n => n.Classes.Contains("group", StringComparison.Ordinal) && n.Text.StartsWith("Big.", StringComparison.Ordinal));
        // Readable, not a strip of specks: grouping got coarser until the drawing fits at a readable scale.
        var scale = double.Parse((await page.Page.GetAttributeAsync("#graph", "data-scale"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(scale >= 0.45, $"the overview is drawn at scale {scale}");
        // Every class is accounted for: the members of all overview nodes add up to 5,000.
        var members = await page.Page.EvaluateAsync<int>("() => [...document.querySelectorAll('#graph g.node')].reduce((s, g) => s + Number(g.dataset.members), 0)");
        Assert.Equal(5000, members);
        await page.Screenshot("viewer-overview-5000");
        page.AssertNoScriptErrors();
    }
}
