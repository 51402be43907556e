using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Dept.Benchmarks.Core;

/// <summary>
/// The shape incremental topological ordering is known to be slow on: one deep hierarchy (each class waits on
/// classes up to 2,000 ranks below it, so almost everything reaches everything below it) whose class ids are random
/// with respect to the hierarchy, edges in random order. Kept at 100,000 edges over 10,000 classes so it runs in
/// seconds; docs/performance.md reports it next to the target shape.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class GraphWorstCaseBenchmarks
{
    private const int Classes = 10_000;
    private const int Edges = 100_000;
    private (int From, int To)[] _edges = [];

    [GlobalSetup]
    public void Setup() => _edges = GraphBenchmarks.MakeAdversarialDag(new Random(7), Classes, Edges);

    [Benchmark(OperationsPerInvoke = Edges)]
    public int DeepHierarchyRandomIds() => GraphBenchmarks.Build(_edges, Classes).Graph.EdgeCount;
}
