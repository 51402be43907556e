using Dept.Viewer.Analysis;
using Dept.Viewer.Tests.Support;
using QuikGraph;

namespace Dept.Viewer.Tests.Analysis;

/// <summary>The QuikGraph view over a ViewGraph's arrays answers like QuikGraph's own graphs.</summary>
public sealed class ClassGraphTests
{
    [Fact]
    public void ClassGraph_AnswersLikeABidirectionalGraphBuiltFromTheSameEdges()
    {
        var view = GeneratedGraphs.Make(7);
        var quik = view.AsQuikGraph();
        var copy = new BidirectionalGraph<int, SEquatableEdge<int>>();
        copy.AddVertexRange(Enumerable.Range(0, view.Classes.Count));
        copy.AddEdgeRange(view.Edges.Select(e => new SEquatableEdge<int>(e.From, e.To)));

        Assert.Equal(copy.VertexCount, quik.VertexCount);
        Assert.Equal(copy.EdgeCount, quik.EdgeCount);
        foreach (var v in copy.Vertices)
        {
            Assert.Equal(copy.OutDegree(v), quik.OutDegree(v));
            Assert.Equal(copy.InDegree(v), quik.InDegree(v));
            Assert.Equal(copy.OutEdges(v).Select(e => e.Target).Order(), quik.OutEdges(v).Select(e => e.To).Order());
            Assert.Equal(copy.InEdges(v).Select(e => e.Source).Order(), quik.InEdges(v).Select(e => e.From).Order());
            Assert.Equal(copy.IsOutEdgesEmpty(v), quik.IsOutEdgesEmpty(v));
        }

        var e0 = view.Edges[0];
        Assert.True(quik.ContainsEdge(e0));
        Assert.True(quik.TryGetEdge(e0.From, e0.To, out var found));
        Assert.Same(e0, found);
        Assert.Equal(e0.From, ((IEdge<int>)e0).Source);
        Assert.False(quik.ContainsVertex(view.Classes.Count));
        Assert.Throws<VertexNotFoundException>(() => quik.OutEdges(view.Classes.Count).ToList());
        Assert.False(quik.TryGetOutEdges(-1, out _));
    }

    [Fact]
    public void DeptGraphs_FromEngine_HasEveryClassAndDependency_AndQuikGraphFindsTheCycles()
    {
        var engine = EngineGraphs.KnownCycles();
        var graph = DeptGraphs.FromEngine(engine);
        var document = engine.CreateDocument();
        Assert.Equal(document.Classes.Count, graph.VertexCount);
        Assert.Equal(document.Dependencies.Count, graph.EdgeCount);
        var orders = graph.Vertices.Single(c => c.Name == EngineGraphs.Orders);
        Assert.Contains(graph.OutEdges(orders), e => e.Target.Name == EngineGraphs.Inventory);
        Assert.Contains(graph.InEdges(orders), e => e.Source.Name == EngineGraphs.Logger);

        // The user's own analysis from the docs: SCCs with QuikGraph's extension method.
        var components = new Dictionary<Core.Snapshots.DeptClassInfo, int>();
        QuikGraph.Algorithms.AlgorithmExtensions.StronglyConnectedComponents(graph, components);
        var cyclic = components.GroupBy(kv => kv.Value).Where(g => g.Count() > 1).ToList();
        Assert.Equal(3, cyclic.Count);
    }

    [Fact]
    public void DeptGraphs_TheHowToExample_ReachAndShortestChain()
    {
        // docs/how-to/analyse-the-graph.md, on the engine behind the viewer tests.
        var graph = DeptGraphs.FromDocument(EngineGraphs.KnownCycles().CreateDocument());
        var orders = graph.Vertices.Single(c => c.Name == EngineGraphs.Orders);
        var reached = new List<Core.Snapshots.DeptClassInfo>();
        var bfs = new QuikGraph.Algorithms.Search.BreadthFirstSearchAlgorithm<Core.Snapshots.DeptClassInfo, DeptDependencyEdge>(graph);
        bfs.DiscoverVertex += c => reached.Add(c);
        bfs.Compute(orders);
        Assert.Equal([EngineGraphs.Orders, EngineGraphs.Inventory], reached.Select(c => c.Name));

        var logger = graph.Vertices.Single(c => c.Name == EngineGraphs.Logger);
        Assert.True(QuikGraph.Algorithms.AlgorithmExtensions.ShortestPathsDijkstra(graph, _ => 1, logger)(orders, out var path));
        Assert.Equal([EngineGraphs.Logger, EngineGraphs.Orders], path.Select(e => e.Target.Name).Prepend(logger.Name));
    }

    [Fact]
    public void DeptGraphs_FromDocument_DependencyOnAnUnknownClass_IsAClearError()
    {
        var document = EngineGraphs.KnownCycles().CreateDocument();
        var broken = document with { Dependencies = [.. document.Dependencies, document.Dependencies[0] with { To = "ffffffffffffffff" }] };
        var ex = Assert.Throws<ArgumentException>(() => DeptGraphs.FromDocument(broken));
        Assert.Contains("ffffffffffffffff", ex.Message, StringComparison.Ordinal);
    }
}
