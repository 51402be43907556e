using System.Xml.Linq;
using Dept.Viewer.Exports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Exports;

public sealed class GraphMLExporterTests
{
    private static readonly XNamespace s_g = GraphMLExporter.Namespace;

    [Fact]
    public void Export_IsValidAgainstTheGraphMLSchema()
    {
        var (_, errors) = ExportHelper.ParseValidated(ExportHelper.Export(new GraphMLExporter(), TestGraphs.Small()), "graphml-subset.xsd");
        Assert.Empty(errors);
    }

    [Fact]
    public void Export_RoundTripsClassesEdgesAndFlags()
    {
        var graph = TestGraphs.Small();
        var (doc, _) = ExportHelper.ParseValidated(ExportHelper.Export(new GraphMLExporter(), graph), "graphml-subset.xsd");
        var g = doc.Root!.Element(s_g + "graph")!;
        Assert.Equal("directed", (string?)g.Attribute("edgedefault"));
        string Data(XElement e, string key) => (string)e.Elements(s_g + "data").Single(d => (string?)d.Attribute("key") == key);
        var nodes = g.Elements(s_g + "node").ToDictionary(n => (string)n.Attribute("id")!, n => n);
        Assert.Equal(graph.Classes.Select(c => c.Name), nodes.Values.Select(n => Data(n, "name")));
        Assert.Equal("true", Data(nodes.Values.Single(n => Data(n, "name") == "App.Locks.B"), "inCycle"));
        Assert.Equal("false", Data(nodes.Values.Single(n => Data(n, "name") == "App.Misc.Free \"<&>\""), "inCycle"));

        var edges = g.Elements(s_g + "edge").Select(e => (From: Data(nodes[(string)e.Attribute("source")!], "name"), To: Data(nodes[(string)e.Attribute("target")!], "name"), E: e)).ToList();
        Assert.Equal(graph.Edges.Count, edges.Count);
        var timeout = edges.Single(e => e.From == "App.Io.Queue");
        Assert.Equal("App.Io.Fence", timeout.To);
        Assert.Equal("true", Data(timeout.E, "timeout"));
        Assert.Equal("2", Data(timeout.E, "cycles"));
    }

    [Fact]
    public void Schema_RejectsDataWithAnUndeclaredKey()
    {
        var xml = $"<graphml xmlns='{GraphMLExporter.Namespace}'><graph edgedefault='directed'><node id='a'><data key='nope'>1</data></node></graph></graphml>";
        var (_, errors) = ExportHelper.ParseValidated(xml, "graphml-subset.xsd");
        Assert.NotEmpty(errors);
    }
}
