using Dept.Viewer.Exports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Exports;

public sealed class DotExporterTests
{
    [Fact]
    public void Export_ParsesBack_WithEveryClassAndDependency()
    {
        var graph = TestGraphs.Small();
        var dot = DotParser.Parse(ExportHelper.Export(new DotExporter(), graph));

        Assert.True(dot.Directed);
        Assert.Equal(graph.Classes.Count, dot.Nodes.Count);
        var labels = dot.Nodes.Values.Select(a => a["label"]).ToHashSet();
        Assert.Contains("App.Misc.Free \"<&>\"", labels);
        Assert.Contains("<sched> Program.cs:42", labels);
        var byLabel = dot.Nodes.ToDictionary(n => n.Value["label"], n => n.Key);
        var edges = dot.Edges.Select(e => (e.From, e.To)).ToHashSet();
        Assert.Equal(graph.Edges.Count, dot.Edges.Count);
        Assert.Contains((byLabel["App.Locks.A"], byLabel["App.Locks.B"]), edges);
        Assert.Contains((byLabel["App.Misc.Free \"<&>\""], byLabel["App.Locks.A"]), edges);
    }

    [Fact]
    public void Export_MarksCycleMembersAndEdges_AndTimeoutEdgesDashed()
    {
        var dot = DotParser.Parse(ExportHelper.Export(new DotExporter(), TestGraphs.Small()));
        var byLabel = dot.Nodes.ToDictionary(n => n.Value["label"], n => n);

        Assert.Equal("red", byLabel["App.Locks.A"].Value["color"]);
        Assert.False(byLabel["App.Misc.Free \"<&>\""].Value.ContainsKey("color"));
        var ab = dot.Edges.Single(e => e.From == byLabel["App.Locks.A"].Key && e.To == byLabel["App.Locks.B"].Key);
        Assert.Equal("red", ab.Attributes["color"]);
        Assert.Equal("cycle 1", ab.Attributes["label"]);
        var fenceQueue = dot.Edges.Single(e => e.From == byLabel["App.Io.Fence"].Key);
        Assert.Equal("dashed", fenceQueue.Attributes["style"]);
        Assert.Equal("cycle 2", fenceQueue.Attributes["label"]);
    }

    [Theory]
    [InlineData("digraph { a -> }")]
    [InlineData("digraph { a [label=\"x] }")]
    [InlineData("graph { a -> b }")]
    [InlineData("digraph { a } b")]
    public void Parser_RejectsMalformedDot(string text)
    {
        // The round-trip tests above are only as good as the parser: it must reject broken DOT.
        Assert.Throws<FormatException>(() => DotParser.Parse(text));
    }

    [Fact]
    public void Parser_ReadsChainsSubgraphsAndComments()
    {
        var g = DotParser.Parse("/* c */ strict digraph G { // x\n rankdir=LR; a -> b -> { c d } [color=\"r\" + \"ed\"]; # y\n }");
        Assert.Equal("G", g.Name);
        Assert.Equal("LR", g.GraphAttributes["rankdir"]);
        Assert.Equal(3, g.Edges.Count);
        Assert.All(g.Edges, e => Assert.Equal("red", e.Attributes["color"]));
    }
}
