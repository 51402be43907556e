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

            var expected = Reaches(adjacency, to, from);
            adjacency[from].Add(to);
            Assert.Equal(expected, graph.AddEdge(from, to));
            if (expected)
            {
                var path = graph.FindPath(to, from);
                Assert.NotNull(path);
                Assert.Equal(to, path[0]);
                Assert.Equal(from, path[^1]);
            }
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

    private static bool Reaches(List<int>[] adjacency, int from, int to)
    {
        var seen = new HashSet<int> { from };
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            if (n == to)
            {
                return true;
            }

            foreach (var w in adjacency[n])
            {
                if (seen.Add(w))
                {
                    queue.Enqueue(w);
                }
            }
        }

        return false;
    }
}
