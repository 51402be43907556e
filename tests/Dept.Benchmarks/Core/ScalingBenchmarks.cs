using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Tracking;

namespace Dept.Benchmarks.Core;

/// <summary>
/// Issue #2 target: two threads on unrelated locks cost at most 1.3x per operation what one thread costs (no global
/// lock or shared write on the known-edge path). Each benchmark does the same total number of operations per
/// thread; the two-thread case runs them concurrently, so equal time means equal per-operation cost.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ScalingBenchmarks
{
    private const int OperationsPerThread = 1_000_000;
    private DeptEngine _engine = null!;
    private Worker _first = null!;
    private Worker _second = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new DeptEngine(new DeptOptions { CaptureStacks = false });
        _first = new Worker(_engine, "First");
        _second = new Worker(_engine, "Second");
        _first.Run(1000);
        _second.Run(1000);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = OperationsPerThread)]
    public void OneThread() => _first.Run(OperationsPerThread);

    [Benchmark(OperationsPerInvoke = OperationsPerThread)]
    public void TwoThreadsUnrelatedLocks()
    {
        var other = new Thread(() => _second.Run(OperationsPerThread));
        other.Start();
        _first.Run(OperationsPerThread);
        other.Join();
    }

    private sealed class Worker(DeptEngine engine, string name)
    {
        private readonly object _outer = new();
        private readonly object _inner = new();
        private readonly DeptKey _outerKey = new(name + ".Outer");
        private readonly DeptKey _innerKey = new(name + ".Inner");
        private readonly DeptSite _site = DeptSite.Create("Monitor.Enter", name, "Bench.cs", 1);

        public void Run(int operations)
        {
            for (var i = 0; i < operations; i++)
            {
                engine.Acquire(_outerKey, _outer, _site);
                Monitor.Enter(_outer);
                engine.Acquire(_innerKey, _inner, _site);
                Monitor.Enter(_inner);
                Monitor.Exit(_inner);
                engine.Release(_inner, _site);
                Monitor.Exit(_outer);
                engine.Release(_outer, _site);
            }
        }
    }
}
