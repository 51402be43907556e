using Dept.Viewer.Analysis;
using Dept.Viewer.Model;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Analysis;

/// <summary>QuikGraph-based analyses (#15) give the same results as the hand-written ones they replaced.</summary>
public sealed class GraphAnalysisTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 25)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Walk_EqualsTheOldWalk_BothWays_AtEveryDepthAndLimit(int seed)
    {
        var graph = GeneratedGraphs.Make(seed);
        var quik = graph.AsQuikGraph();
        var random = new Random(seed);
        for (var k = 0; k < 20; k++)
        {
            var start = random.Next(graph.Classes.Count);
            foreach (var depth in new[] { 1, 2, 3, 5, ViewGraph.MaxDepth })
            {
                foreach (var limit in new[] { 1, 3, 10, 40, 1000 })
                {
                    foreach (var forward in new[] { true, false })
                    {
                        var old = ReferenceAnalysis.Walk(graph, start, depth, limit, forward, out var oldCut);
                        var now = GraphAnalysis.Walk(quik, start, depth, limit, forward, out var newCut);
                        Assert.Equal(old, now);
                        Assert.Equal(oldCut, newCut);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void StronglyConnected_AndCondensation_EqualKosaraju(int seed)
    {
        var graph = GeneratedGraphs.Make(seed);
        var expected = ReferenceAnalysis.Components(graph);
        Assert.True(expected.Count(c => c.Count > 1) >= 10, "the generator should make many non-trivial SCCs");

        var (count, of) = GraphAnalysis.StronglyConnected(graph.AsQuikGraph());
        Assert.Equal(expected.Count, count);
        Assert.Equal(Canonical(expected), Canonical(Enumerable.Range(0, graph.Classes.Count).GroupBy(v => of[v]).Select(g => g.ToHashSet())));

        var condensation = GraphAnalysis.Condense(graph.AsQuikGraph());
        Assert.Equal(Canonical(expected), Canonical(condensation.Components.Select(c => c.Members.ToHashSet())));
        foreach (var c in condensation.Components)
        {
            Assert.All(c.Members, m => Assert.Equal(c.Index, condensation.ComponentOf[m]));
            var selfLoop = c.Members.Count == 1 && graph.Edges.Any(e => e.From == c.Members[0] && e.To == c.Members[0]);
            Assert.Equal(c.Members.Count > 1 || selfLoop, c.Cyclic);
        }

        // Condensed edges: exactly the component pairs some dependency crosses, with how many cross.
        var crossing = graph.Edges
            .Select(e => (From: condensation.ComponentOf[e.From], To: condensation.ComponentOf[e.To]))
            .Where(p => p.From != p.To)
            .GroupBy(p => p)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(crossing.Count, condensation.Edges.Count);
        Assert.All(condensation.Edges, e => Assert.Equal(crossing[(e.From, e.To)], e.Count));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ShortestPath_HasTheBreadthFirstLength_AndFollowsDependencies(int seed)
    {
        var graph = GeneratedGraphs.Make(seed);
        var quik = graph.AsQuikGraph();
        var random = new Random(seed);
        for (var k = 0; k < 10; k++)
        {
            var from = random.Next(graph.Classes.Count);
            var dist = ReferenceAnalysis.Distances(graph, from);
            for (var to = 0; to < graph.Classes.Count; to += 7)
            {
                var path = GraphAnalysis.ShortestPath(quik, from, to);
                if (dist[to] < 0)
                {
                    Assert.Null(path);
                    continue;
                }

                Assert.NotNull(path);
                Assert.Equal(dist[to] + 1, path.Count);
                Assert.Equal(from, path[0]);
                Assert.Equal(to, path[^1]);
                for (var i = 0; i + 1 < path.Count; i++)
                {
                    Assert.NotNull(graph.TryGetEdge(path[i], path[i + 1]));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ShortestCycleThrough_ExistsExactlyForCyclicComponents(int seed)
    {
        var graph = GeneratedGraphs.Make(seed);
        var quik = graph.AsQuikGraph();
        var condensation = GraphAnalysis.Condense(quik);
        for (var v = 0; v < graph.Classes.Count; v++)
        {
            var cycle = GraphAnalysis.ShortestCycleThrough(quik, v);
            Assert.Equal(condensation.Components[condensation.ComponentOf[v]].Cyclic, cycle is not null);
            if (cycle is null)
            {
                continue;
            }

            Assert.Equal(v, cycle[0]);
            for (var i = 0; i < cycle.Count; i++)
            {
                Assert.NotNull(graph.TryGetEdge(cycle[i], cycle[(i + 1) % cycle.Count]));
            }

            // Shortest: no in-neighbour of v is closer than the cycle's last class.
            var dist = ReferenceAnalysis.Distances(graph, v);
            var best = graph.InEdges(v).ToArray().Select(e => graph.Edges[e].From).Where(u => dist[u] >= 0).Min(u => dist[u]);
            Assert.Equal(best + 1, cycle.Count);
        }
    }

    [Fact]
    public void KnownCycles_ThreeCyclicComponents_TheLoggerOnItsOwn()
    {
        var graph = Sources.DocumentAdapter.ToView(EngineGraphs.KnownCycles().CreateDocument(), "t", "potential", 0);
        var condensation = GraphAnalysis.Condense(graph.AsQuikGraph());
        var cyclic = condensation.Cyclic.Select(c => c.Members.Select(m => graph.Classes[m].Name).Order(StringComparer.Ordinal).ToList()).ToList();
        Assert.Equal(3, cyclic.Count);
        Assert.Contains([EngineGraphs.Inventory, EngineGraphs.Orders], cyclic);
        var logger = graph.Find(EngineGraphs.Logger)!;
        Assert.False(condensation.Components[condensation.ComponentOf[logger.Id]].Cyclic);
        Assert.Equal([logger.Id, graph.Find(EngineGraphs.Orders)!.Id, graph.Find(EngineGraphs.Inventory)!.Id],
            GraphAnalysis.ShortestPath(graph.AsQuikGraph(), logger.Id, graph.Find(EngineGraphs.Inventory)!.Id));
    }

    private static List<string> Canonical(IEnumerable<HashSet<int>> sets) =>
        [.. sets.Select(s => string.Join(",", s.Order())).Order(StringComparer.Ordinal)];
}
