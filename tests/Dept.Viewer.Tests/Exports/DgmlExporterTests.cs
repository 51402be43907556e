using System.Xml.Linq;
using Dept.Viewer.Exports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Exports;

public sealed class DgmlExporterTests
{
    private static readonly XNamespace s_d = DgmlExporter.Namespace;

    [Fact]
    public void Export_IsValidAgainstTheDgmlSchema()
    {
        var (_, errors) = ExportHelper.ParseValidated(ExportHelper.Export(new DgmlExporter(), TestGraphs.Small()), "dgml-subset.xsd");
        Assert.Empty(errors);
    }

    [Fact]
    public void Export_HasOneNodePerClass_GroupedByNamespace()
    {
        var graph = TestGraphs.Small();
        var (doc, _) = ExportHelper.ParseValidated(ExportHelper.Export(new DgmlExporter(), graph), "dgml-subset.xsd");
        var nodes = doc.Root!.Element(s_d + "Nodes")!.Elements(s_d + "Node").ToList();
        var classNodes = nodes.Where(n => n.Attribute("Group") is null).ToList();
        Assert.Equal(graph.Classes.Count, classNodes.Count);
        Assert.Contains(classNodes, n => (string?)n.Attribute("Label") == "App.Misc.Free \"<&>\"");
        var groups = nodes.Where(n => (string?)n.Attribute("Group") == "Expanded").Select(n => (string)n.Attribute("Label")!).ToList();
        Assert.Equal(["App.Io", "App.Locks", "App.Misc"], groups);

        var links = doc.Root.Element(s_d + "Links")!.Elements(s_d + "Link").ToList();
        Assert.Equal(graph.Edges.Count, links.Count(l => (string?)l.Attribute("Category") != "Contains"));
        var a = classNodes.Single(n => (string?)n.Attribute("Label") == "App.Locks.A");
        Assert.Equal("InCycle", (string?)a.Attribute("Category"));
        Assert.Contains(links, l => (string?)l.Attribute("Source") == (string?)a.Attribute("Id") && (string?)l.Attribute("Category") == "CycleEdge");
    }

    [Fact]
    public void Schema_RejectsALinkToAMissingNode()
    {
        // Proves the schema check has teeth: a dangling link end is an identity-constraint error.
        var xml = $"<DirectedGraph xmlns='{DgmlExporter.Namespace}'><Nodes><Node Id='a'/></Nodes><Links><Link Source='a' Target='zz'/></Links></DirectedGraph>";
        var (_, errors) = ExportHelper.ParseValidated(xml, "dgml-subset.xsd");
        Assert.NotEmpty(errors);
    }
}
