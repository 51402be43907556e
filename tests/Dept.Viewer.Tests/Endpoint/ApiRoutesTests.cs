using System.Net;
using System.Text.Json;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

public sealed class ApiRoutesTests(EndpointFixture fixture) : IClassFixture<EndpointFixture>
{
    private async Task<JsonElement> Get(string url) => await JsonAssert.Ok(await fixture.Client.GetAsync(url));

    private static List<string> Names(JsonElement array, string? inner = null) =>
        array.EnumerateArray().Select(e => (inner is null ? e : e.GetProperty(inner)).GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task Graph_HasEveryClassEdgeAndReport()
    {
        var graph = await Get("/api/graph");
        Assert.Equal("dept.graph/1", graph.GetProperty("schema").GetString());
        Assert.Equal("live", graph.GetProperty("info").GetProperty("mode").GetString());
        Assert.Equal(7, graph.GetProperty("classes").GetArrayLength());
        Assert.Equal(3, graph.GetProperty("reports").GetArrayLength());
        Assert.Equal(7, graph.GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public async Task Classes_FiltersBySearchNamespaceAndCycles()
    {
        var search = await Get("/api/classes?search=cache");
        Assert.Equal([EngineGraphs.CacheLock, EngineGraphs.CacheRefreshed], Names(search.GetProperty("items")).Order(StringComparer.Ordinal));
        var ns = await Get("/api/classes?namespace=Shop.Io");
        Assert.Equal(2, ns.GetProperty("total").GetInt32());
        var cycles = await Get("/api/classes?onlyCycles=true&timeout=exclude");
        Assert.Equal(4, cycles.GetProperty("total").GetInt32());
        Assert.DoesNotContain(EngineGraphs.Logger, Names(cycles.GetProperty("items")));
        var page = await Get("/api/classes?offset=1&limit=2");
        Assert.Equal(7, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Class_ByName_ListsDirectDependenciesBothWays()
    {
        var detail = await Get("/api/class?name=" + Uri.EscapeDataString(EngineGraphs.Orders));
        Assert.Equal([EngineGraphs.Inventory], Names(detail.GetProperty("dependsOn")));
        Assert.Equal([EngineGraphs.Inventory, EngineGraphs.Logger], Names(detail.GetProperty("dependedOnBy")).Order(StringComparer.Ordinal));
        Assert.Equal(1, detail.GetProperty("reports").GetArrayLength());
        var id = detail.GetProperty("class").GetProperty("id").GetInt32();
        var byId = await Get($"/api/classes/{id}");
        Assert.Equal(EngineGraphs.Orders, byId.GetProperty("class").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Neighbourhood_WalksToTheRequestedDepth()
    {
        var logger = Uri.EscapeDataString(EngineGraphs.Logger);
        var one = await Get($"/api/neighbourhood?name={logger}&depth=1");
        Assert.Equal([EngineGraphs.Orders], Names(one.GetProperty("dependsOn"), "class"));
        Assert.Empty(one.GetProperty("dependedOnBy").EnumerateArray());
        var two = await Get($"/api/neighbourhood?name={logger}&depth=2");
        Assert.Equal([EngineGraphs.Orders, EngineGraphs.Inventory], Names(two.GetProperty("dependsOn"), "class"));
        Assert.Equal(2, two.GetProperty("dependsOn")[1].GetProperty("depth").GetInt32());
        Assert.Equal(3, two.GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public async Task Reports_CarryContextsWithStartWaitEventAndTimeoutFilter()
    {
        var reports = await Get("/api/reports");
        Assert.Equal(3, reports.GetArrayLength());
        var ctx = reports[0].GetProperty("contexts")[0];
        Assert.Equal("context A", ctx.GetProperty("label").GetString());
        Assert.Equal("S", ctx.GetProperty("start").GetProperty("tag").GetString());
        Assert.Contains("Worker.cs:", ctx.GetProperty("wait").GetProperty("location").GetString(), StringComparison.Ordinal);
        var only = await Get("/api/reports?timeout=only");
        Assert.Equal("TimeoutCircularDependency", Assert.Single(only.EnumerateArray()).GetProperty("kind").GetString());
        var one = await Get("/api/reports/1");
        Assert.Equal(1, one.GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task Stats_HasTheEngineCounters()
    {
        var stats = await Get("/api/stats");
        var byName = stats.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetInt64());
        Assert.Equal(3, byName["reports"]);
        Assert.Equal(7, byName["classes"]);
        Assert.True(byName["waits"] > 0);
    }

    [Theory]
    [InlineData("/api/class?name=No.Such.Class", "unknown class 'No.Such.Class'")]
    [InlineData("/api/neighbourhood?name=No.Such.Class", "unknown class 'No.Such.Class'")]
    [InlineData("/api/classes/999999", "unknown class id '999999'")]
    [InlineData("/api/classes/abc/neighbourhood", "unknown class id 'abc'")]
    [InlineData("/api/reports/42", "unknown report '42'")]
    [InlineData("/no/such/route", "no route /no/such/route")]
    public async Task Unknown_Gives404WithJsonError(string url, string message) =>
        await JsonAssert.Error(await fixture.Client.GetAsync(url), HttpStatusCode.NotFound, message);

    [Theory]
    [InlineData("/api/neighbourhood?name=Shop.Orders.Lock&depth=99", "'depth' must be an integer in 1..10")]
    [InlineData("/api/classes?onlyCycles=maybe", "'onlyCycles' must be true or false")]
    [InlineData("/api/reports?timeout=sometimes", "'timeout' must be all, exclude or only")]
    [InlineData("/api/class", "'name' is required")]
    public async Task BadParameter_Gives400WithJsonError(string url, string message) =>
        await JsonAssert.Error(await fixture.Client.GetAsync(url), HttpStatusCode.BadRequest, message);

    [Theory]
    [InlineData("dot", "digraph dept {")]
    [InlineData("graphml", "<graphml")]
    public async Task Export_ServesEachFormat(string format, string start)
    {
        var text = await fixture.Client.GetStringAsync($"/api/export/{format}");
        Assert.Contains(start, text, StringComparison.Ordinal);
    }
}
