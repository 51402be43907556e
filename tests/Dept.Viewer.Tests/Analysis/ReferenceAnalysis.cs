using Dept.Viewer.Model;

namespace Dept.Viewer.Tests.Analysis;

/// <summary>
/// The hand-written analyses the viewer had before QuikGraph (#15), kept here as the oracle of the equal-results
/// tests: the neighbourhood walk is the old ViewGraph.Walk verbatim; SCCs by Kosaraju (two passes, independent of
/// QuikGraph's Tarjan); distances by a plain breadth-first search.
/// </summary>
internal static class ReferenceAnalysis
{
    /// <summary>The old ViewGraph.Walk (before #15), unchanged.</summary>
    public static List<(int Id, int Depth)> Walk(ViewGraph graph, int start, int depth, int maxNodes, bool forward, out bool truncated)
    {
        truncated = false;
        var result = new List<(int, int)>();
        var seen = new HashSet<int> { start };
        var frontier = new List<int> { start };
        for (var d = 1; d <= depth && frontier.Count > 0; d++)
        {
            var next = new List<int>();
            foreach (var id in frontier)
            {
                foreach (var e in forward ? graph.OutEdges(id) : graph.InEdges(id))
                {
                    var other = forward ? graph.Edges[e].To : graph.Edges[e].From;
                    if (!seen.Add(other))
                    {
                        continue;
                    }

                    if (result.Count == maxNodes)
                    {
                        truncated = true;
                        return result;
                    }

                    result.Add((other, d));
                    next.Add(other);
                }
            }

            frontier = next;
        }

        return result;
    }

    /// <summary>Kosaraju: the SCCs as sets of class ids (iterative, so deep graphs do not overflow the stack).</summary>
    public static List<HashSet<int>> Components(ViewGraph graph)
    {
        var n = graph.Classes.Count;
        var order = new List<int>(n);
        var seen = new bool[n];
        for (var root = 0; root < n; root++)
        {
            if (seen[root])
            {
                continue;
            }

            var stack = new Stack<(int V, int Next)>();
            stack.Push((root, 0));
            seen[root] = true;
            while (stack.Count > 0)
            {
                var (v, next) = stack.Pop();
                var outs = graph.OutEdges(v);
                if (next < outs.Length)
                {
                    stack.Push((v, next + 1));
                    var w = graph.Edges[outs[next]].To;
                    if (!seen[w])
                    {
                        seen[w] = true;
                        stack.Push((w, 0));
                    }
                }
                else
                {
                    order.Add(v);
                }
            }
        }

        var comp = new int[n];
        Array.Fill(comp, -1);
        var result = new List<HashSet<int>>();
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var root = order[i];
            if (comp[root] >= 0)
            {
                continue;
            }

            var set = new HashSet<int>();
            var todo = new Stack<int>();
            todo.Push(root);
            comp[root] = result.Count;
            while (todo.Count > 0)
            {
                var v = todo.Pop();
                set.Add(v);
                foreach (var e in graph.InEdges(v))
                {
                    var u = graph.Edges[e].From;
                    if (comp[u] < 0)
                    {
                        comp[u] = result.Count;
                        todo.Push(u);
                    }
                }
            }

            result.Add(set);
        }

        return result;
    }

    /// <summary>Breadth-first distances (hops) from <paramref name="from"/>; -1 where unreachable.</summary>
    public static int[] Distances(ViewGraph graph, int from)
    {
        var dist = new int[graph.Classes.Count];
        Array.Fill(dist, -1);
        dist[from] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var e in graph.OutEdges(v))
            {
                var w = graph.Edges[e].To;
                if (dist[w] < 0)
                {
                    dist[w] = dist[v] + 1;
                    queue.Enqueue(w);
                }
            }
        }

        return dist;
    }
}
