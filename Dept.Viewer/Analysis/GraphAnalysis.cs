using Dept.Viewer.Model;
using QuikGraph;
using QuikGraph.Algorithms;
using QuikGraph.Algorithms.Search;

namespace Dept.Viewer.Analysis;

/// <summary>
/// The viewer's graph analyses, all QuikGraph algorithms over <see cref="ClassGraph"/> (#15): bounded neighbourhood
/// walks, strongly connected components, the condensation and shortest paths. They replace the hand-written walks the
/// viewer had; tests/Dept.Viewer.Tests/Analysis compares them with reference implementations on generated graphs.
/// </summary>
internal static class GraphAnalysis
{
    /// <summary>
    /// Classes reachable from <paramref name="start"/> in at most <paramref name="depth"/> hops, in breadth-first order
    /// with their distance; at most <paramref name="maxNodes"/> of them (<paramref name="truncated"/> says one more
    /// was found). <paramref name="forward"/> follows dependencies, otherwise dependents (QuikGraph's reversed view).
    /// </summary>
    public static List<(int Id, int Depth)> Walk(ClassGraph graph, int start, int depth, int maxNodes, bool forward, out bool truncated)
    {
        return forward
            ? Walk<ViewEdge>(graph, start, depth, maxNodes, out truncated)
            : Walk<SReversedEdge<int, ViewEdge>>(new ReversedBidirectionalGraph<int, ViewEdge>(graph), start, depth, maxNodes, out truncated);
    }

    /// <summary>Strongly connected components (QuikGraph's Tarjan): the component index of each class and their number.</summary>
    public static (int Count, int[] ComponentOf) StronglyConnected(ClassGraph graph)
    {
        var components = new Dictionary<int, int>(graph.VertexCount);
        var count = graph.StronglyConnectedComponents(components);
        var of = new int[graph.VertexCount];
        foreach (var (vertex, component) in components)
        {
            of[vertex] = component;
        }

        return (count, of);
    }

    /// <summary>The condensation (QuikGraph's <c>CondensateStronglyConnected</c>), components numbered as QuikGraph's SCC numbers them.</summary>
    public static Condensation Condense(ClassGraph graph)
    {
        var condensed = graph.CondensateStronglyConnected<int, ViewEdge, AdjacencyGraph<int, ViewEdge>>();
        var of = new int[graph.VertexCount];
        var index = new Dictionary<AdjacencyGraph<int, ViewEdge>, int>(ReferenceEqualityComparer.Instance);
        var components = new List<Component>(condensed.VertexCount);
        foreach (var part in condensed.Vertices)
        {
            var members = part.Vertices.Order().ToArray();
            // Edges inside a component stay in its subgraph: a one-class component is cyclic only with a self-loop.
            var cyclic = members.Length > 1 || part.Edges.Any(e => e.From == e.To);
            index[part] = components.Count;
            foreach (var m in members)
            {
                of[m] = components.Count;
            }

            components.Add(new Component(components.Count, members, cyclic));
        }

        var edges = condensed.Edges
            .Select(e => new CondensedDependency(index[e.Source], index[e.Target], e.Edges.Count))
            .OrderBy(e => e.From).ThenBy(e => e.To)
            .ToList();
        return new Condensation(components, of, edges);
    }

    /// <summary>A shortest path (fewest dependencies) from <paramref name="from"/> to <paramref name="to"/>: class ids, both ends included; null when none.</summary>
    public static IReadOnlyList<int>? ShortestPath(ClassGraph graph, int from, int to)
    {
        if (from == to)
        {
            return [from];
        }

        var paths = graph.ShortestPathsDijkstra(_ => 1.0, from);
        return paths(to, out var edges) ? [from, .. edges.Select(e => e.To)] : null;
    }

    /// <summary>A shortest cycle through <paramref name="classId"/> (class ids, each depending on the next, the last on the first), or null.</summary>
    public static IReadOnlyList<int>? ShortestCycleThrough(ClassGraph graph, int classId)
    {
        var paths = graph.ShortestPathsDijkstra(_ => 1.0, classId);
        IReadOnlyList<int>? best = null;
        foreach (var back in graph.InEdges(classId))
        {
            if (back.From == classId)
            {
                return [classId];
            }

            if (paths(back.From, out var edges))
            {
                List<int> cycle = [classId, .. edges.Select(e => e.To)];
                if (best is null || cycle.Count < best.Count)
                {
                    best = cycle;
                }
            }
        }

        return best;
    }

    private static List<(int Id, int Depth)> Walk<TEdge>(IVertexListGraph<int, TEdge> graph, int start, int depth, int maxNodes, out bool truncated)
        where TEdge : IEdge<int>
    {
        var distance = new Dictionary<int, int> { [start] = 0 };
        var result = new List<(int Id, int Depth)>();
        var stop = false;
        var cut = false;
        var bfs = new BreadthFirstSearchAlgorithm<int, TEdge>(graph);
        // Breadth-first order is level order: once a class at the depth limit is examined, nothing nearer is left.
        bfs.ExamineVertex += v =>
        {
            if (distance[v] >= depth)
            {
                stop = true;
                bfs.Abort();
            }
        };
        bfs.TreeEdge += e =>
        {
            if (stop)
            {
                return; // Abort takes effect at the next vertex; ignore the rest of this one's edges.
            }

            if (result.Count == maxNodes)
            {
                cut = stop = true;
                bfs.Abort();
                return;
            }

            var d = distance[e.Source] + 1;
            distance[e.Target] = d;
            result.Add((e.Target, d));
        };
        bfs.Compute(start);
        truncated = cut;
        return result;
    }
}
