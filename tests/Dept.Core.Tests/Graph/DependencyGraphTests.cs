using Dept.Core.Graph;

namespace Dept.Core.Tests.Graph;

public sealed class DependencyGraphTests
{
    [Fact]
    public void RandomDagInsertedInAnyOrder_NeverReportsACycle()
    {
        var random = new Random(1234);
        const int nodes = 300;
        var graph = NewGraph(nodes);
        var rank = Enumerable.Range(1, nodes).OrderBy(_ => random.Next()).ToArray(); // a hidden topological order
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < 3000; i++)
        {
            int a = random.Next(nodes), b = random.Next(nodes);
            if (a == b || !seen.Add((rank[Math.Min(a, b)], rank[Math.Max(a, b)])))
            {
                continue;
            }

            Assert.False(graph.AddEdge(rank[Math.Min(a, b)], rank[Math.Max(a, b)]));
        }
    }

    [Fact]
    public void RandomEdges_CycleAnswersMatchANaiveReachabilityOracle()
    {
        var random = new Random(99);
        const int nodes = 60;
        var graph = NewGraph(nodes);
        var adjacency = Enumerable.Range(0, nodes + 1).Select(_ => new List<int>()).ToArray();
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < 600; i++)
        {
            int from = random.Next(1, nodes + 1), to = random.Next(1, nodes + 1);
            if (!seen.Add((from, to)))
            {
                continue;
            }

            var expected = ReferenceGraph.Reaches(adjacency, to, from);
            adjacency[from].Add(to);
            Assert.Equal(expected, graph.AddEdge(from, to));
            if (expected)
            {
                var path = graph.FindPath(to, from);
                Assert.NotNull(path);
                Assert.Equal(to, path[0]);
                Assert.Equal(from, path[^1]);
                AssertIsPath(adjacency, path);
            }
        }
    }

    [Theory]
    [InlineData(7, 40, 400)]
    [InlineData(8, 200, 1200)]
    [InlineData(9, 500, 1500)]
    public void ManyCycles_AnswersAndPathsMatchTheOracle(int seed, int nodes, int edges)
    {
        // Cycles merge components; later edges into, out of and between components must still be answered exactly.
        var random = new Random(seed);
        var graph = NewGraph(nodes);
        var adjacency = Enumerable.Range(0, nodes + 1).Select(_ => new List<int>()).ToArray();
        var seen = new HashSet<(int, int)>();
        var cycles = 0;
        while (seen.Count < edges)
        {
            // Mostly forward edges over a hidden order, some backward: many small cycles, not one giant component.
            int a = random.Next(1, nodes + 1), b = Math.Min(nodes, a + 1 + random.Next(8));
            var (from, to) = random.Next(10) == 0 ? (b, a) : (a, b);
            if (from == to || !seen.Add((from, to)))
            {
                continue;
            }

            var expected = ReferenceGraph.Reaches(adjacency, to, from);
            adjacency[from].Add(to);
            Assert.Equal(expected, graph.AddEdge(from, to));
            if (expected)
            {
                cycles++;
                var path = graph.FindPath(to, from);
                Assert.NotNull(path);
                Assert.Equal(to, path[0]);
                Assert.Equal(from, path[^1]);
                AssertIsPath(adjacency, path);
            }
        }

        Assert.True(cycles > 5, $"the workload closed only {cycles} cycles");
    }

    [Fact]
    public void AfterACycle_NewEdgesElsewhereStayLocal()
    {
        // A 20,000-node chain, then a cycle at its start. Before, every later edge searched the whole graph once any
        // cycle existed; now an edge in order costs nothing and one against the order searches only its region.
        const int nodes = 20_000;
        var graph = NewGraph(nodes);
        for (var i = 1; i < nodes; i++)
        {
            Assert.False(graph.AddEdge(i, i + 1));
        }

        Assert.True(graph.AddEdge(3, 1));
        Assert.Equal(graph.ComponentOf(1), graph.ComponentOf(3));
        Assert.NotEqual(graph.ComponentOf(1), graph.ComponentOf(4));
        var before = graph.Visited;
        for (var i = 101; i + 2 <= nodes; i += 100)
        {
            Assert.False(graph.AddEdge(i, i + 2)); // in order: no search at all
        }

        Assert.Equal(before, graph.Visited);
        Assert.True(graph.AddEdge(10, 2)); // 2 reaches 10 along the chain: a cycle, searched between them only
        Assert.InRange(graph.Visited - before, 1, 40);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10], graph.FindPath(2, 10));
    }

    [Fact]
    public void EdgeInsideAComponent_IsACycleAndItsPathStaysInside()
    {
        var graph = NewGraph(6);
        Assert.False(graph.AddEdge(1, 2));
        Assert.False(graph.AddEdge(2, 3));
        Assert.False(graph.AddEdge(3, 4));
        Assert.True(graph.AddEdge(4, 1));
        Assert.True(graph.AddEdge(3, 1));
        Assert.Equal([1, 2, 3], graph.FindPath(1, 3));
        Assert.False(graph.AddEdge(4, 5));
        Assert.Null(graph.FindPath(1, 5)); // reachable, but not a cycle path: the engine never asks for it
        Assert.True(graph.AddEdge(5, 2));
        Assert.Equal([2, 3, 4, 5], graph.FindPath(2, 5));
    }

    private static void AssertIsPath(List<int>[] adjacency, List<int> path)
    {
        for (var i = 0; i + 1 < path.Count; i++)
        {
            Assert.Contains(path[i + 1], adjacency[path[i]]);
        }
    }

    [Fact]
    public void SelfEdge_IsACycle()
    {
        var graph = NewGraph(2);
        Assert.True(graph.AddEdge(1, 1));
        Assert.False(graph.AddEdge(1, 2));
    }

    private static DependencyGraph NewGraph(int nodes)
    {
        var graph = new DependencyGraph();
        for (var i = 1; i <= nodes; i++)
        {
            graph.AddNode(i);
        }

        return graph;
    }
}
