using System.Text.Json;
using Dept.Viewer.Exports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Exports;

public sealed class JsonExporterTests
{
    [Fact]
    public void Export_ParsesBack_AsDeptGraphDocument()
    {
        var graph = TestGraphs.Small();
        using var doc = JsonDocument.Parse(ExportHelper.Export(new JsonExporter(), graph));
        var root = doc.RootElement;

        Assert.Equal("dept.graph/1", root.GetProperty("schema").GetString());
        Assert.Equal(graph.Classes.Count, root.GetProperty("info").GetProperty("classCount").GetInt32());
        var classes = root.GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal(graph.Classes.Select(c => c.Name), classes.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("App.Locks", classes[0].GetProperty("namespace").GetString());
        Assert.True(classes[5].GetProperty("callSite").GetBoolean());
        Assert.Equal(graph.Edges.Count, root.GetProperty("edges").GetArrayLength());

        var reports = root.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal([0, 1], reports[0].GetProperty("cycle").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(reports[0].GetProperty("timeoutBounded").GetBoolean());
        Assert.True(reports[1].GetProperty("timeoutBounded").GetBoolean());
        var ctx = reports[0].GetProperty("contexts")[0];
        Assert.Equal("W", ctx.GetProperty("wait").GetProperty("tag").GetString());
        Assert.Equal("App.Locks.B", ctx.GetProperty("wait").GetProperty("class").GetString());
        Assert.Equal(JsonValueKind.Null, ctx.GetProperty("event").GetProperty("location").ValueKind);
        Assert.Equal(17, root.GetProperty("stats")[1].GetProperty("value").GetInt64());
        Assert.Equal(0, root.GetProperty("hangs").GetArrayLength());
        Assert.Equal(0, root.GetProperty("info").GetProperty("hangCount").GetInt32());
    }

    [Theory]
    [InlineData("dot")]
    [InlineData("DGML")]
    [InlineData("graphml")]
    [InlineData("json")]
    public void Find_KnowsEveryDocumentedFormat(string format) => Assert.NotNull(GraphExporters.Find(format));

    [Fact]
    public void Find_UnknownFormat_IsNull() => Assert.Null(GraphExporters.Find("png"));
}
