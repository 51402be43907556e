using QuikGraph;
using QuikGraph.Algorithms;
using QuikGraph.Algorithms.Search;

namespace Dept.Viewer.Drawing;

/// <summary>
/// A layered (Sugiyama-style) left-to-right layout for the SVG export (#15): cycles broken at QuikGraph's DFS back
/// edges, longest-path layers over QuikGraph's topological order, dummy nodes on edges of up to six layers, barycenter
/// sweeps against crossings, then boxes stacked per layer. Linear in classes + edges per sweep (docs/performance.md,
/// "Graph drawing"); GraphShape's Sugiyama took 30-60 s for 300 classes here, which rules it out.
/// </summary>
/// <remarks>Stateless and thread-safe. The result is deterministic for a given input order.</remarks>
internal static class LayeredLayout
{
    private const double LayerGap = 70, NodeGap = 14, Margin = 16, TwinBend = 14, TwinShift = 5;
    private const int Sweeps = 8;

    // Longer edges get no dummy nodes (drawn as one curve): dummies grow with edges x span, and on a graph with long
    // paths and random back edges that was hundreds of thousands of them.
    private const int MaxDummySpan = 6;

    /// <summary>Lays out <paramref name="sizes"/>.Count nodes and <paramref name="edges"/> (node indexes).</summary>
    public static Layout Compute(IReadOnlyList<(double W, double H)> sizes, IReadOnlyList<(int From, int To)> edges)
    {
        var n = sizes.Count;
        var reversed = BackEdges(n, edges);
        var layer = Layers(n, edges, reversed);

        // Chains of nodes per edge (source layer to target layer, dummies between), in the edge's drawing direction.
        var layerOf = new List<int>(layer);
        var chains = new List<int>[edges.Count];
        var succ = new List<List<int>>();
        var pred = new List<List<int>>();
        for (var i = 0; i < n; i++)
        {
            succ.Add([]);
            pred.Add([]);
        }

        for (var i = 0; i < edges.Count; i++)
        {
            var (a, b) = reversed[i] ? (edges[i].To, edges[i].From) : edges[i];
            var chain = new List<int> { a };
            if (a != b)
            {
                for (var l = layerOf[a] + 1; l < layerOf[b] && layerOf[b] - layerOf[a] <= MaxDummySpan; l++)
                {
                    layerOf.Add(l);
                    succ.Add([]);
                    pred.Add([]);
                    chain.Add(layerOf.Count - 1);
                }

                chain.Add(b);
                for (var k = 0; k + 1 < chain.Count; k++)
                {
                    succ[chain[k]].Add(chain[k + 1]);
                    pred[chain[k + 1]].Add(chain[k]);
                }
            }

            chains[i] = chain;
        }

        var order = Order(layerOf, succ, pred);
        var boxes = Place(sizes, layerOf, order, out var width, out var height);
        var routes = new List<IReadOnlyList<Pt>>(edges.Count);
        var pairs = edges.Select(e => (e.From, e.To)).ToHashSet();
        for (var i = 0; i < edges.Count; i++)
        {
            routes.Add(Route(edges[i], chains[i], reversed[i], boxes, pairs.Contains((edges[i].To, edges[i].From))));
        }

        return new Layout(boxes.Take(n).ToList(), routes, width, height);
    }

    // Edges a depth-first search finds going back to a node on its stack: reversing them leaves a DAG.
    private static bool[] BackEdges(int n, IReadOnlyList<(int From, int To)> edges)
    {
        var graph = new AdjacencyGraph<int, SEquatableEdge<int>>(allowParallelEdges: true, n);
        graph.AddVertexRange(Enumerable.Range(0, n));
        var index = new Dictionary<SEquatableEdge<int>, int>();
        for (var i = 0; i < edges.Count; i++)
        {
            var e = new SEquatableEdge<int>(edges[i].From, edges[i].To);
            graph.AddEdge(e);
            index.TryAdd(e, i);
        }

        var reversed = new bool[edges.Count];
        var dfs = new DepthFirstSearchAlgorithm<int, SEquatableEdge<int>>(graph);
        dfs.BackEdge += e => reversed[index[e]] = true;
        dfs.Compute();
        return reversed;
    }

    // Longest path from the sources of the acyclic graph (self-loops ignored): each edge points one layer or more right.
    private static int[] Layers(int n, IReadOnlyList<(int From, int To)> edges, bool[] reversed)
    {
        var dag = new AdjacencyGraph<int, SEquatableEdge<int>>(allowParallelEdges: true, n);
        dag.AddVertexRange(Enumerable.Range(0, n));
        for (var i = 0; i < edges.Count; i++)
        {
            var (a, b) = reversed[i] ? (edges[i].To, edges[i].From) : edges[i];
            if (a != b)
            {
                dag.AddEdge(new SEquatableEdge<int>(a, b));
            }
        }

        var layer = new int[n];
        foreach (var v in dag.TopologicalSort())
        {
            foreach (var e in dag.OutEdges(v))
            {
                layer[e.Target] = Math.Max(layer[e.Target], layer[v] + 1);
            }
        }

        return layer;
    }

    // Barycenter heuristic: alternate sweeps sort each layer by the mean position of its neighbours in the layer before.
    private static List<List<int>> Order(List<int> layerOf, List<List<int>> succ, List<List<int>> pred)
    {
        var layers = new List<List<int>>();
        for (var v = 0; v < layerOf.Count; v++)
        {
            while (layers.Count <= layerOf[v])
            {
                layers.Add([]);
            }

            layers[layerOf[v]].Add(v);
        }

        var pos = new double[layerOf.Count];
        void Number(List<int> l)
        {
            for (var i = 0; i < l.Count; i++)
            {
                pos[l[i]] = i;
            }
        }

        layers.ForEach(Number);
        for (var s = 0; s < Sweeps; s++)
        {
            var down = s % 2 == 0;
            for (var k = 1; k < layers.Count; k++)
            {
                var l = layers[down ? k : layers.Count - 1 - k];
                var key = new Dictionary<int, double>(l.Count);
                foreach (var v in l)
                {
                    var near = down ? pred[v] : succ[v];
                    key[v] = near.Count == 0 ? pos[v] : near.Average(u => pos[u]);
                }

                l.Sort((a, b) => key[a] != key[b] ? key[a].CompareTo(key[b]) : pos[a].CompareTo(pos[b]));
                Number(l);
            }
        }

        return layers;
    }

    private static List<Box> Place(IReadOnlyList<(double W, double H)> sizes, List<int> layerOf, List<List<int>> layers, out double width, out double height)
    {
        var boxes = new Box[layerOf.Count];
        (double W, double H) Size(int v) => v < sizes.Count ? sizes[v] : (0, 8);
        var heights = layers.Select(l => l.Sum(v => Size(v).H + NodeGap) - NodeGap).ToList();
        var tallest = heights.Count == 0 ? 0 : heights.Max();
        var x = Margin;
        for (var k = 0; k < layers.Count; k++)
        {
            var colW = layers[k].Count == 0 ? 0 : layers[k].Max(v => Size(v).W);
            var y = Margin + ((tallest - heights[k]) / 2);
            foreach (var v in layers[k])
            {
                var (w, h) = Size(v);
                boxes[v] = new Box(x + ((colW - w) / 2), y, w, h);
                y += h + NodeGap;
            }

            x += colW + LayerGap;
        }

        width = Math.Max(x - LayerGap + Margin, 2 * Margin);
        height = tallest + (2 * Margin);
        return [.. boxes];
    }

    private static List<Pt> Route((int From, int To) edge, List<int> chain, bool reversed, List<Box> boxes, bool twin)
    {
        if (edge.From == edge.To)
        {
            // A loop on the node's top side.
            var b = boxes[edge.From];
            return [new(b.Right - 14, b.Y), new(b.Right - 7, b.Y - 18), new(b.Right, b.Y - 2)];
        }

        var points = new List<Pt>();
        // Drawn left to right along the chain; a reversed edge is then turned round so it runs source to target.
        var shift = twin ? (reversed ? TwinShift : -TwinShift) : 0;
        var first = boxes[chain[0]];
        var last = boxes[chain[^1]];
        points.Add(new(first.Right, first.Center.Y + shift));
        for (var k = 1; k + 1 < chain.Count; k++)
        {
            points.Add(new(boxes[chain[k]].Center.X, boxes[chain[k]].Center.Y + shift));
        }

        if (twin && chain.Count == 2)
        {
            // A 2-cycle between neighbouring layers: bend the two edges apart so they are two visible arrows.
            points.Add(new((first.Right + last.X) / 2, ((first.Center.Y + last.Center.Y) / 2) + (reversed ? TwinBend : -TwinBend)));
        }

        points.Add(new(last.X, last.Center.Y + shift));
        if (reversed)
        {
            points.Reverse();
        }

        return points;
    }
}
