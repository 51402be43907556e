using CsCheck;
using Dept.Core.Graph;

namespace Dept.Core.Tests.Graph;

/// <summary>
/// The packed graph (one entry per class, appends that trust the count, the running byte total) and the edge table
/// (keys and values in one slot) against simple references, on random inputs with CsCheck's shrinking.
/// </summary>
public sealed class GraphPropertyTests
{
    // Small graphs with many edges: components merge, edges arrive into, out of and inside them, and adjacency
    // arrays pass through every growth step (4, 8, 16, 32).
    private static readonly Gen<(int Nodes, (int From, int To)[] Edges)> s_graphs =
        Gen.Int[2, 40].SelectMany(n => Gen.Select(Gen.Int[1, n], Gen.Int[1, n]).Array[0, 300].Select(e => (n, e)));

    // Mostly edges along the id order (no search: the pending adjacency batch fills up and is written when full),
    // with a few against it.
    private static readonly Gen<(int Nodes, (int From, int To)[] Edges)> s_ordered =
        Gen.Int[2, 80].SelectMany(n => Gen.Select(Gen.Int[1, n], Gen.Int[1, n], Gen.Int[0, 49])
            .Select((a, b, back) => back == 0 ? (Math.Max(a, b), Math.Min(a, b)) : (Math.Min(a, b), Math.Max(a, b)))
            .Array[0, 1200].Select(e => (n, e)));

    [Fact]
    public void CycleAnswers_AdjacencyAndBytes_MatchAReference() => Check(s_graphs, 400);

    [Fact]
    public void LongRunsWithoutSearches_AdjacencyAndBytes_MatchAReference() => Check(s_ordered, 150);

    private static void Check(Gen<(int Nodes, (int From, int To)[] Edges)> gen, int iterations)
    {
        gen.Sample(
            input =>
            {
                var (nodes, edges) = input;
                var graph = new DependencyGraph();
                for (var i = 1; i <= nodes; i++)
                {
                    graph.AddNode(i);
                }

                var outs = Enumerable.Range(0, nodes + 1).Select(_ => new List<int>()).ToArray();
                var ins = Enumerable.Range(0, nodes + 1).Select(_ => new List<int>()).ToArray();
                var seen = new HashSet<(int, int)>();
                foreach (var (from, to) in edges)
                {
                    if (!seen.Add((from, to)))
                    {
                        continue; // The engine adds each edge once (the edge table guards it).
                    }

                    var expected = from == to || ReferenceGraph.Reaches(outs, to, from);
                    if (graph.AddEdge(from, to) != expected)
                    {
                        return false;
                    }

                    if (from != to)
                    {
                        outs[from].Add(to);
                        ins[to].Add(from);
                    }

                    if (expected && from != to && !IsPath(outs, graph.FindPath(to, from), to, from))
                    {
                        return false;
                    }
                }

                for (var i = 1; i <= nodes; i++)
                {
                    if (!graph.SuccessorsOf(i).SequenceEqual(outs[i].ToArray()) || !graph.PredecessorsOf(i).SequenceEqual(ins[i].ToArray()))
                    {
                        return false;
                    }
                }

                return graph.RecountAdjacencyBytes() == graph.AdjacencyBytes;
            },
            iter: iterations);
    }

    [Fact]
    public void EdgeTable_MatchesADictionary_AcrossGrowth()
    {
        Gen.Select(Gen.Int[1, 2000], Gen.Int[1, 2000], Gen.Int[1, int.MaxValue]).Array[0, 1500].Sample(
            adds =>
            {
                var set = new EdgeSet();
                var reference = new Dictionary<long, int>();
                foreach (var (from, to, value) in adds)
                {
                    var key = EdgeSet.Key(from, to);
                    if (set.Add(key, value) != reference.TryAdd(key, value))
                    {
                        return false;
                    }
                }

                foreach (var (from, to, _) in adds)
                {
                    var key = EdgeSet.Key(from, to);
                    if (!set.Contains(key) || !set.TryGetValue(key, out var v) || v != reference[key]
                        || (!reference.ContainsKey(EdgeSet.Key(to, from)) && (set.Contains(EdgeSet.Key(to, from)) || set.TryGetValue(EdgeSet.Key(to, from), out _))))
                    {
                        return false;
                    }
                }

                return set.Count == reference.Count;
            },
            iter: 200);
    }

    private static bool IsPath(List<int>[] adjacency, List<int>? path, int from, int to)
    {
        if (path is null || path.Count == 0 || path[0] != from || path[^1] != to)
        {
            return false;
        }

        for (var i = 0; i + 1 < path.Count; i++)
        {
            if (!adjacency[path[i]].Contains(path[i + 1]))
            {
                return false;
            }
        }

        return true;
    }
}
