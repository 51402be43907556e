using System.Globalization;
using Dept.Viewer.Analysis;
using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>
/// The part of a graph an export draws (#15): the whole graph, one reported cycle, or one class's neighbourhood. A
/// selection is itself a <see cref="ViewGraph"/> (classes renumbered densely), so every exporter handles it unchanged.
/// </summary>
internal static class GraphSelection
{
    /// <summary>Most classes a neighbourhood selection takes per direction (the page's limit is 40).</summary>
    public const int NeighbourhoodLimit = 200;

    /// <summary>Reported cycle number <paramref name="number"/> (1-based, as <c>dept show</c> and the page count them).</summary>
    /// <exception cref="ArgumentException">There is no such cycle.</exception>
    public static ViewGraph Cycle(ViewGraph graph, int number)
    {
        if (number < 1 || number > graph.Reports.Count)
        {
            throw new ArgumentException(graph.Reports.Count == 0
                ? $"cycle {number} does not exist: the report has no cycle"
                : $"cycle {number} does not exist: the report has cycles 1 to {graph.Reports.Count}");
        }

        var report = graph.Reports[number - 1];
        return Subgraph(graph, report.Cycle, onlyEdges: CycleEdgesOf(report), $"cycle {number} of {graph.Info.Source}");
    }

    /// <summary>The classes within <paramref name="depth"/> hops of the class named <paramref name="className"/>, both ways.</summary>
    /// <exception cref="ArgumentException">No class has that name, or the depth is out of range.</exception>
    public static ViewGraph Neighbourhood(ViewGraph graph, string className, int depth)
    {
        var center = graph.Find(className) ?? throw new ArgumentException($"no class named '{className}' in the report");
        if (depth < 1 || depth > ViewGraph.MaxDepth)
        {
            throw new ArgumentException($"depth {depth} is out of range 1..{ViewGraph.MaxDepth}");
        }

        var n = graph.GetNeighbourhood(center, depth, NeighbourhoodLimit);
        List<int> members = [center.Id, .. n.DependedOnBy.Select(d => d.Class.Id), .. n.DependsOn.Select(d => d.Class.Id)];
        return Subgraph(graph, members, onlyEdges: null, $"neighbourhood of {className} (depth {depth}) in {graph.Info.Source}");
    }

    /// <summary>
    /// The condensation (QuikGraph's, <see cref="GraphAnalysis.Condense"/>): one node per strongly connected component,
    /// named after its class when it has one, <c>⟳ N classes: first, …</c> otherwise; a component holding a cycle is
    /// marked as on a cycle. The page's overview draws the same thing.
    /// </summary>
    public static ViewGraph Overview(ViewGraph graph)
    {
        var condensation = GraphAnalysis.Condense(graph.AsQuikGraph());
        var classes = condensation.Components.Select(c =>
        {
            var first = graph.Classes[c.Members[0]];
            var name = c.Members.Count == 1
                ? first.Name
                : string.Create(CultureInfo.InvariantCulture, $"⟳ {c.Members.Count} classes: {first.Name}, …");
            return new ViewClass(c.Index, name, c.Members.Count == 1 && first.IsCallSite, 0, c.Members.Count == 1 ? first.StableId : string.Empty) { InCycle = c.Cyclic };
        }).ToList();
        var edges = condensation.Edges.Select(e => new ViewEdge(e.From, e.To, Timeout: false)).ToList();
        return new ViewGraph(classes, edges, [], graph.Stats, graph.Info with { Source = $"overview of {graph.Info.Source}" }, []);
    }

    private static HashSet<(int, int)> CycleEdgesOf(ViewReport report) =>
        [.. report.Cycle.Select((id, i) => (id, report.Cycle[(i + 1) % report.Cycle.Count]))];

    private static ViewGraph Subgraph(ViewGraph graph, IEnumerable<int> ids, HashSet<(int, int)>? onlyEdges, string source)
    {
        var map = new Dictionary<int, int>();
        var classes = new List<ViewClass>();
        foreach (var id in ids)
        {
            if (!map.ContainsKey(id))
            {
                map[id] = classes.Count;
                classes.Add(graph.Classes[id] with { Id = classes.Count });
            }
        }

        var edges = graph.Edges
            .Where(e => map.ContainsKey(e.From) && map.ContainsKey(e.To) && (onlyEdges is null || onlyEdges.Contains((e.From, e.To))))
            .Select(e => e with { From = map[e.From], To = map[e.To] })
            .ToList();
        var reports = graph.Reports
            .Where(r => r.Cycle.All(map.ContainsKey) && (onlyEdges is null || CycleEdgesOf(r).SetEquals(onlyEdges)))
            .Select((r, i) => r with { Index = i, Cycle = [.. r.Cycle.Select(id => map[id])] })
            .ToList();
        return new ViewGraph(classes, edges, reports, graph.Stats, graph.Info with { Source = source }, []);
    }
}
