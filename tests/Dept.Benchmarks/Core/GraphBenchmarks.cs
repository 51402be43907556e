using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Graph;

namespace Dept.Benchmarks.Core;

/// <summary>
/// Issue #2 target: inserting 1,000,000 acyclic edges over 100,000 classes with a cycle check each costs at most
/// 1 microsecond and 128 bytes per new edge. The graph shape is described at <see cref="MakeDag"/>; each insertion
/// also adds the key to the lock-free known-edge set the engine keeps beside the graph. The baseline is a plain
/// HashSet insertion of the same keys, for scale. Bytes per edge are printed by <see cref="Report"/> (GC heap
/// delta / edges). <see cref="GraphWorstCaseBenchmarks"/> measures the known bad shape.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GraphBenchmarks
{
    public const int Classes = 100_000;
    public const int Edges = 1_000_000;
    private (int From, int To)[] _edges = [];

    [GlobalSetup]
    public void Setup() => _edges = MakeDag(new Random(42));

    [Benchmark(Baseline = true, OperationsPerInvoke = Edges)]
    public int HashSetOfKeys()
    {
        var set = new HashSet<long>();
        foreach (var (f, t) in _edges)
        {
            set.Add(EdgeSet.Key(f, t));
        }

        return set.Count;
    }

    [Benchmark(OperationsPerInvoke = Edges)]
    public int InsertWithCycleCheck() => Build(_edges).Graph.EdgeCount;

    internal static (DependencyGraph Graph, EdgeSet Set) Build((int From, int To)[] edges, int classes = Classes)
    {
        var graph = new DependencyGraph();
        for (var i = 1; i <= classes; i++)
        {
            graph.AddNode(i);
        }

        var set = new EdgeSet();
        foreach (var (f, t) in edges)
        {
            if (set.Add(EdgeSet.Key(f, t)) && graph.AddEdge(f, t))
            {
                throw new InvalidOperationException("an acyclic graph reported a cycle");
            }
        }

        return (graph, set);
    }

    /// <summary>
    /// The benchmark's shape: a large program is many subsystems with shallow lock hierarchies of their own
    /// (1,000 subsystems of 100 classes, 1,000 edges each: every class waits on about ten others below it), run
    /// interleaved, with class ids assigned at first sight as the engine assigns them. Edges arrive in random order,
    /// so many go against the id order and make the algorithm search and reorder.
    /// </summary>
    public static (int From, int To)[] MakeDag(Random random, int classes = Classes, int edges = Edges)
    {
        const int perSubsystem = 100;
        var subsystems = classes / perSubsystem;
        var perEdges = edges / subsystems;
        var raw = new List<(int, int)>(edges);
        for (var s = 0; s < subsystems; s++)
        {
            var local = new HashSet<(int, int)>();
            while (local.Count < perEdges)
            {
                var a = random.Next(perSubsystem - 1);
                var b = a + 1 + random.Next(perSubsystem - 1 - a);
                local.Add(((s * perSubsystem) + a, (s * perSubsystem) + b));
            }

            raw.AddRange(local);
        }

        var shuffled = raw.OrderBy(_ => random.Next()).ToArray();
        var idOf = new int[classes];
        var nextId = 0;
        int Id(int r) => idOf[r] != 0 ? idOf[r] : (idOf[r] = ++nextId);
        return shuffled.Select(e => (Id(e.Item1), Id(e.Item2))).ToArray();
    }

    /// <summary>The adversarial shape: class ids random with respect to the hierarchy, edges in random order.</summary>
    public static (int From, int To)[] MakeAdversarialDag(Random random, int classes, int edges)
    {
        var rank = Enumerable.Range(1, classes).OrderBy(_ => random.Next()).ToArray();
        var set = new HashSet<(int, int)>();
        while (set.Count < edges)
        {
            var a = random.Next(classes - 1);
            var b = Math.Min(classes - 1, a + 1 + random.Next(2000));
            set.Add((rank[a], rank[b]));
        }

        return set.OrderBy(_ => random.Next()).ToArray();
    }

    /// <summary>Prints bytes per edge, measured outside BenchmarkDotNet (run with <c>--graph-memory</c>).</summary>
    public static void Report()
    {

        var edges = MakeDag(new Random(42));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var built = Build(edges);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(built);
        Console.WriteLine($"graph memory: {(after - before) / (double)Edges:F1} bytes per edge ({Edges:N0} edges over {Classes:N0} classes)");
    }
}
