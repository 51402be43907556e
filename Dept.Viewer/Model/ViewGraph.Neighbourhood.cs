using Dept.Viewer.Analysis;

namespace Dept.Viewer.Model;

internal sealed partial class ViewGraph
{
    /// <summary>Largest depth a neighbourhood query may ask for.</summary>
    public const int MaxDepth = 10;

    /// <summary>
    /// Breadth-first walk from <paramref name="center"/> both ways (QuikGraph's BFS, <see cref="GraphAnalysis.Walk"/>),
    /// at most <paramref name="depth"/> hops and at most <paramref name="maxNodes"/> classes per direction, so a hub
    /// class in a 5,000-class graph stays readable.
    /// </summary>
    public Neighbourhood GetNeighbourhood(ViewClass center, int depth, int maxNodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNodes, 1);
        var graph = AsQuikGraph();
        var down = GraphAnalysis.Walk(graph, center.Id, depth, maxNodes, forward: true, out var cutDown).ConvertAll(d => (Classes[d.Id], d.Depth));
        var up = GraphAnalysis.Walk(graph, center.Id, depth, maxNodes, forward: false, out var cutUp).ConvertAll(d => (Classes[d.Id], d.Depth));
        var members = new HashSet<int> { center.Id };
        members.UnionWith(down.Select(d => d.Item1.Id));
        members.UnionWith(up.Select(d => d.Item1.Id));
        var edges = new List<ViewEdge>();
        foreach (var id in members)
        {
            foreach (var e in OutEdges(id))
            {
                if (members.Contains(Edges[e].To))
                {
                    edges.Add(Edges[e]);
                }
            }
        }

        return new Neighbourhood(center, down, up, edges, cutDown || cutUp);
    }
}
