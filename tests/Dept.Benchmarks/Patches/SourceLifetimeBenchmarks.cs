using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Lifetimes;
using Dept.Core.Options;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patches.Tasks;

namespace Dept.Benchmarks.Patches;

/// <summary>
/// The cost per <c>TaskCompletionSource</c> of the abandoned-source check (#11): create and complete a source as a
/// rewritten call site does (constructor postfix, completion prefix), without a waiter and with one (a recorded
/// wait on its task, so the completion fires an event), against the same source with Dept off (the baseline), with
/// the check on and off. The registry's sweeps run inside the measured loop, as in a real run.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class SourceLifetimeBenchmarks
{
    private static readonly DeptSite s_created = DeptSite.Create("TaskCompletionSource", "Bench.Run", "/bench/Bench.cs", 30);
    private static readonly DeptSite s_wait = DeptSite.Create("Task.Wait", "Bench.Run", "/bench/Bench.cs", 31);
    private static readonly DeptSite s_set = DeptSite.Create("TaskCompletionSource.SetResult", "Bench.Run", "/bench/Bench.cs", 32);

    private DeptEngine? _engine;

    /// <summary>Gets or sets whether <see cref="DeptOptions.DetectAbandonedSources"/> is on.</summary>
    [Params(true, false)]
    public bool DetectAbandoned { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = new DeptEngine(new DeptOptions { CaptureStacks = false, DetectAbandonedSources = DetectAbandoned });
        DeptRuntime.Install(_engine);
        WithoutWaiter();
        WithWaiter();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DeptRuntime.Install(null);
        DeptSources.Sweep();
    }

    /// <summary>Dept off: what the source costs without instrumentation.</summary>
    [Benchmark(Baseline = true)]
    public int DeptOff()
    {
        var tcs = new TaskCompletionSource<int>();
        tcs.SetResult(1);
        return tcs.Task.Result;
    }

    [Benchmark]
    public int WithoutWaiter()
    {
        var tcs = new TaskCompletionSource<int>();
        TaskCompletionSourcePatches.CreateOf.Postfix(tcs, s_created);
        TaskCompletionSourcePatches.CompleteOf.Prefix(tcs, s_set);
        tcs.SetResult(1);
        return tcs.Task.Result;
    }

    /// <summary>A wait is recorded on the pending task (it does not block here), so its completion is an event.</summary>
    [Benchmark]
    public int WithWaiter()
    {
        var tcs = new TaskCompletionSource<int>();
        TaskCompletionSourcePatches.CreateOf.Postfix(tcs, s_created);
        TaskWaitPatches.Wait.Prefix(tcs.Task, s_wait);
        TaskCompletionSourcePatches.CompleteOf.Prefix(tcs, s_set);
        tcs.SetResult(1);
        return tcs.Task.Result;
    }
}
