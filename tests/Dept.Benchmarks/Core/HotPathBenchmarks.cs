using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Tracking;

namespace Dept.Benchmarks.Core;

/// <summary>
/// Issue #2 target: an annotated lock enter/exit pair on an already known edge costs at most 2.5x a raw
/// Monitor.Enter/Exit pair, with zero allocations. Both run with an outer lock held, so the annotated pair checks
/// one known edge (outer -> inner) every time.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class HotPathBenchmarks
{
    private readonly object _outer = new();
    private readonly object _inner = new();
    private readonly DeptKey _outerKey = new("Bench.Outer");
    private readonly DeptKey _innerKey = new("Bench.Inner");
    private readonly DeptSite _enter = DeptSite.Create("Monitor.Enter", "Bench", "Bench.cs", 1);
    private readonly DeptSite _exit = DeptSite.Create("Monitor.Exit", "Bench", "Bench.cs", 2);
    private DeptEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new DeptEngine(new DeptOptions { CaptureStacks = false });
        Monitor.Enter(_outer);
        _engine.Acquire(_outerKey, _outer, _enter, flags: DeptLockFlags.Reentrant);
        Annotated(); // the edge outer -> inner is now known
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Release(_outer, _exit);
        Monitor.Exit(_outer);
    }

    [Benchmark(Baseline = true)]
    public void RawMonitor()
    {
        Monitor.Enter(_inner);
        Monitor.Exit(_inner);
    }

    [Benchmark]
    public void Annotated()
    {
        _engine.Acquire(_innerKey, _inner, _enter, flags: DeptLockFlags.Reentrant);
        Monitor.Enter(_inner);
        Monitor.Exit(_inner);
        _engine.Release(_inner, _exit);
    }
}
