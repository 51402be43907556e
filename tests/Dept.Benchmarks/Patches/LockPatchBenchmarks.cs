using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Benchmarks.Patches;

/// <summary>
/// An uncontended nested <c>lock</c> on a known edge (outer → inner seen in setup), calling the patch methods exactly
/// as a rewritten call site does (prefix, original, postfix, static sites), against raw <c>Monitor</c> in the same
/// run. Target (issue 3, section 5): patched at most 2.5x raw. Results: docs/performance.md, "Patches".
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class LockPatchBenchmarks
{
    private static readonly DeptSite s_enterOuter = DeptSite.Create("Monitor.Enter", "Bench.Outer._sync", "Bench.Run", "/bench/Bench.cs", 10, -1);
    private static readonly DeptSite s_exitOuter = DeptSite.Create("Monitor.Exit", "Bench.Outer._sync", "Bench.Run", "/bench/Bench.cs", 14, -1);
    private static readonly DeptSite s_enterInner = DeptSite.Create("Monitor.Enter", "Bench.Inner._sync", "Bench.Run", "/bench/Bench.cs", 11, -1);
    private static readonly DeptSite s_exitInner = DeptSite.Create("Monitor.Exit", "Bench.Inner._sync", "Bench.Run", "/bench/Bench.cs", 13, -1);
    private static readonly DeptSite s_scopeOuter = DeptSite.Create("Lock.EnterScope", "Bench.Outer._lock", "Bench.Run", "/bench/Bench.cs", 20, -1);
    private static readonly DeptSite s_scopeInner = DeptSite.Create("Lock.EnterScope", "Bench.Inner._lock", "Bench.Run", "/bench/Bench.cs", 21, -1);
    private static readonly DeptSite s_dispose = DeptSite.Create("Lock.Scope.Dispose", "Bench.Run", "/bench/Bench.cs", 22);

    private static readonly DeptKey s_outerKey = DeptKey.Named("Bench.Outer._sync");
    private static readonly DeptKey s_innerKey = DeptKey.Named("Bench.Inner._sync");

    private readonly object _outer = new();
    private readonly object _inner = new();
    private readonly Lock _outerLock = new();
    private readonly Lock _innerLock = new();

    [GlobalSetup]
    public void Setup()
    {
        DeptRuntime.Install(new DeptEngine(new DeptOptions { CaptureStacks = false }));
        PatchedMonitor();
        EngineOnlyMonitor();
        PatchedLockScope();
    }

    [GlobalCleanup]
    public void Cleanup() => DeptRuntime.Install(null);

    [Benchmark(Baseline = true)]
    public void RawMonitor()
    {
        bool outerTaken = false, innerTaken = false;
        Monitor.Enter(_outer, ref outerTaken);
        Monitor.Enter(_inner, ref innerTaken);
        Monitor.Exit(_inner);
        Monitor.Exit(_outer);
    }

    [Benchmark]
    public void PatchedMonitor()
    {
        bool outerTaken = false, innerTaken = false;
        var slot = default(DeptThreadSlot); // what the rewriter gives each rewritten method
        MonitorPatches.EnterRef.Prefix(_outer, ref outerTaken, s_enterOuter, ref slot);
        Monitor.Enter(_outer, ref outerTaken);
        MonitorPatches.EnterRef.Prefix(_inner, ref innerTaken, s_enterInner, ref slot);
        Monitor.Enter(_inner, ref innerTaken);
        Monitor.Exit(_inner);
        MonitorPatches.Exit.Postfix(_inner, s_exitInner, ref slot);
        Monitor.Exit(_outer);
        MonitorPatches.Exit.Postfix(_outer, s_exitOuter, ref slot);
    }

    /// <summary>The engine's own lock annotations with precomputed keys: what the patch layer adds is the rest.</summary>
    [Benchmark]
    public void EngineOnlyMonitor()
    {
        bool outerTaken = false, innerTaken = false;
        DeptLdt.Acquire(s_outerKey, _outer, s_enterOuter, DeptLockMode.Exclusive, DeptLockFlags.Reentrant);
        Monitor.Enter(_outer, ref outerTaken);
        DeptLdt.Acquire(s_innerKey, _inner, s_enterInner, DeptLockMode.Exclusive, DeptLockFlags.Reentrant);
        Monitor.Enter(_inner, ref innerTaken);
        Monitor.Exit(_inner);
        DeptLdt.Release(_inner, s_exitInner);
        Monitor.Exit(_outer);
        DeptLdt.Release(_outer, s_exitOuter);
    }

    [Benchmark]
    public void RawLockScope()
    {
        using (_outerLock.EnterScope())
        using (_innerLock.EnterScope())
        {
        }
    }

    [Benchmark]
    public void PatchedLockScope()
    {
        var slot = default(DeptThreadSlot);
        LockPatches.Enter.Prefix(_outerLock, s_scopeOuter, ref slot);
        var outer = _outerLock.EnterScope();
        LockPatches.Enter.Prefix(_innerLock, s_scopeInner, ref slot);
        var inner = _innerLock.EnterScope();
        LockPatches.ScopeDispose.Prefix(ref inner, s_dispose, ref slot);
        inner.Dispose();
        LockPatches.ScopeDispose.Prefix(ref outer, s_dispose, ref slot);
        outer.Dispose();
    }
}
