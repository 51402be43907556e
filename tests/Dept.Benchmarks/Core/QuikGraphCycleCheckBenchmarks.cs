using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Graph;
using QuikGraph;
using QuikGraph.Algorithms.Search;

namespace Dept.Benchmarks.Core;

/// <summary>
/// Issue #15: should the engine's incremental cycle check use QuikGraph? Both graphs hold the first 999,000 edges of
/// <see cref="GraphBenchmarks.MakeDag"/> (100,000 classes); each invocation adds the last 1,000 edges with a cycle
/// check each. The engine's <see cref="DependencyGraph"/> (dynamic topological order) is the baseline; the QuikGraph
/// side is what a QuikGraph-based check is: add the edge to a <c>BidirectionalGraph</c>, then QuikGraph's
/// breadth-first search from the new edge's target, stopped as soon as it reaches the source. The graphs are rebuilt
/// before every iteration (not measured), so every iteration inserts the same 1,000 new edges.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class QuikGraphCycleCheckBenchmarks
{
    private const int Measured = 1_000;
    private (int From, int To)[] _edges = [];
    private DependencyGraph? _engine;
    private BidirectionalGraph<int, SEquatableEdge<int>>? _quik;

    [GlobalSetup]
    public void Setup() => _edges = GraphBenchmarks.MakeDag(new Random(42));

    [IterationSetup(Target = nameof(Engine))]
    public void BuildEngine() => _engine = GraphBenchmarks.Build(_edges[..^Measured]).Graph;

    [IterationSetup(Target = nameof(QuikGraphBfs))]
    public void BuildQuikGraph()
    {
        _quik = new BidirectionalGraph<int, SEquatableEdge<int>>(allowParallelEdges: false, GraphBenchmarks.Classes + 1);
        _quik.AddVertexRange(Enumerable.Range(1, GraphBenchmarks.Classes));
        foreach (var (f, t) in _edges[..^Measured])
        {
            _quik.AddEdge(new SEquatableEdge<int>(f, t));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Measured)]
    public int Engine()
    {
        var cycles = 0;
        foreach (var (f, t) in _edges[^Measured..])
        {
            cycles += _engine!.AddEdge(f, t) ? 1 : 0;
        }

        return cycles;
    }

    [Benchmark(OperationsPerInvoke = Measured)]
    public int QuikGraphBfs()
    {
        var cycles = 0;
        foreach (var (f, t) in _edges[^Measured..])
        {
            _quik!.AddEdge(new SEquatableEdge<int>(f, t));
            cycles += Reaches(_quik, t, f) ? 1 : 0;
        }

        return cycles;
    }

    /// <summary>QuikGraph's BFS from <paramref name="from"/>, aborted when it discovers <paramref name="to"/>.</summary>
    internal static bool Reaches(BidirectionalGraph<int, SEquatableEdge<int>> graph, int from, int to)
    {
        var found = false;
        var bfs = new BreadthFirstSearchAlgorithm<int, SEquatableEdge<int>>(graph);
        bfs.DiscoverVertex += v =>
        {
            if (v == to)
            {
                found = true;
                bfs.Abort();
            }
        };
        bfs.Compute(from);
        return found;
    }
}
