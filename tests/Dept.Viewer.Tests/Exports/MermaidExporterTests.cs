using Dept.Viewer.Exports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Exports;

public sealed class MermaidExporterTests
{
    [Fact]
    public void Mermaid_Parses_EveryClassAndDependency_NamesRoundTrip_CyclesStyled()
    {
        var graph = TestGraphs.Small();
        var chart = MermaidParser.Parse(ExportHelper.Export(new MermaidExporter(), graph));

        // Names with quotes, angle brackets and ampersands survive as Mermaid entity codes.
        Assert.Equal(graph.Classes.Select(c => c.IsCallSite ? "<sched> " + c.Name : c.Name).Order(StringComparer.Ordinal), chart.Nodes.Values.Order(StringComparer.Ordinal));
        Assert.Equal(graph.Edges.Count, chart.Links.Count);
        Assert.Equal(2, chart.Links.Count(l => l.Dotted)); // the timeout-bounded cycle
        Assert.Equal(4, chart.Links.Count(l => l.Label is not null && l.Label.StartsWith("cycle ", StringComparison.Ordinal)));
        Assert.Equal(4, chart.CycleClass.Count);
        Assert.Equal(4, chart.StyledLinks);
        Assert.Contains(chart.Links, l => chart.Nodes[l.From] == "App.Locks.A" && chart.Nodes[l.To] == "App.Locks.B" && l.Label == "cycle 1");
    }

    [Fact]
    public void Mermaid_NoCycle_HasNoStyleStatements()
    {
        var graph = GraphSelection.Neighbourhood(TestGraphs.Small(), "Program.cs:42", 1);
        var chart = MermaidParser.Parse(ExportHelper.Export(new MermaidExporter(), graph));
        Assert.Equal(2, chart.Nodes.Count);
        Assert.Single(chart.Links);
        Assert.Empty(chart.CycleClass);
    }
}
