using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Graph;
using QuikGraph;
using QuikGraph.Algorithms.Search;

namespace Dept.Benchmarks.Core;

/// <summary>
/// Issue #15: should the engine's incremental cycle check use QuikGraph? Both graphs are built once with the first
/// 980,000 edges of <see cref="GraphBenchmarks.MakeDag"/> (100,000 classes); each invocation then adds the next
/// 1,000 held-back edges (new, acyclic) with a cycle check each, so every measured edge is new at 100k classes / ~1M
/// edges. The engine's <see cref="DependencyGraph"/> (dynamic topological order) is the baseline; the QuikGraph side
/// is what a QuikGraph-based check is: add the edge to a <c>BidirectionalGraph</c>, then run QuikGraph's breadth-first
/// search from the new edge's target, stopped as soon as it reaches the source.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class QuikGraphCycleCheckBenchmarks
{
    private const int Measured = 1_000;
    private const int HeldBack = 20 * Measured;
    private (int From, int To)[] _edges = [];
    private DependencyGraph? _engine;
    private BidirectionalGraph<int, SEquatableEdge<int>>? _quik;
    private int _engineNext;
    private int _quikNext;

    [GlobalSetup(Target = nameof(Engine))]
    public void BuildEngine()
    {
        _edges = GraphBenchmarks.MakeDag(new Random(42));
        _engine = GraphBenchmarks.Build(_edges[..^HeldBack]).Graph;
        _engineNext = _edges.Length - HeldBack;
    }

    [GlobalSetup(Target = nameof(QuikGraphBfs))]
    public void BuildQuikGraph()
    {
        _edges = GraphBenchmarks.MakeDag(new Random(42));
        _quik = new BidirectionalGraph<int, SEquatableEdge<int>>(allowParallelEdges: false, GraphBenchmarks.Classes + 1);
        _quik.AddVertexRange(Enumerable.Range(1, GraphBenchmarks.Classes));
        foreach (var (f, t) in _edges[..^HeldBack])
        {
            _quik.AddEdge(new SEquatableEdge<int>(f, t));
        }

        _quikNext = _edges.Length - HeldBack;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Measured)]
    public int Engine()
    {
        var cycles = 0;
        foreach (var (f, t) in Next(ref _engineNext))
        {
            cycles += _engine!.AddEdge(f, t) ? 1 : 0;
        }

        return cycles;
    }

    [Benchmark(OperationsPerInvoke = Measured)]
    public int QuikGraphBfs()
    {
        var cycles = 0;
        foreach (var (f, t) in Next(ref _quikNext))
        {
            _quik!.AddEdge(new SEquatableEdge<int>(f, t));
            cycles += Reaches(_quik, t, f) ? 1 : 0;
        }

        return cycles;
    }

    // The next slice of held-back edges; each invocation (jitting, warm-up and measured) takes a fresh one.
    private (int From, int To)[] Next(ref int next)
    {
        if (next + Measured > _edges.Length)
        {
            throw new InvalidOperationException($"more than {HeldBack / Measured} invocations: raise HeldBack");
        }

        next += Measured;
        return _edges[(next - Measured)..next];
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
