using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patches.CompilerServices;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Benchmarks.Patches;

/// <summary>
/// An async flow taking an async lock (<c>SemaphoreSlim(1, 1)</c>) around <c>await Task.Yield()</c> (#9): raw, against
/// the same code calling the patches exactly as a rewritten call site does (WaitAsync's prefix and postfix, which
/// record the flow's acquire in its ExecutionContext; Release's prefix) plus the resumption hook a rewritten
/// MoveNext runs around the continuation, with an engine running. Target: at most 1.5x raw. Also the same patch calls
/// with no engine (what an instrumented build costs when tracking is off). Results: docs/performance.md, "Async flows".
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class AsyncLockBenchmarks
{
    private static readonly DeptSite s_wait = DeptSite.Create("SemaphoreSlim.WaitAsync", "Bench.Cache._gate", "Bench.RunAsync", "/bench/Bench.cs", 10, -1);
    private static readonly DeptSite s_release = DeptSite.Create("SemaphoreSlim.Release", "Bench.Cache._gate", "Bench.RunAsync", "/bench/Bench.cs", 14, -1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DeptEngine? _engine;

    [GlobalSetup(Targets = [nameof(RawAsyncLock), nameof(PatchedAsyncLock)])]
    public void Setup()
    {
        _engine = new DeptEngine(new DeptOptions { CaptureStacks = false });
        DeptRuntime.Install(_engine);
        PatchedAsyncLock().GetAwaiter().GetResult();
    }

    [GlobalSetup(Target = nameof(PatchedAsyncLockNoEngine))]
    public void SetupNoEngine() => DeptRuntime.Install(null);

    [GlobalCleanup]
    public void Cleanup()
    {
        DeptRuntime.Install(null);
        if (_engine is { Reports.Count: > 0 })
        {
            throw new InvalidOperationException("the benchmark's async lock must not report a cycle");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task RawAsyncLock()
    {
        await _gate.WaitAsync();
        try
        {
            await Task.Yield();
        }
        finally
        {
            _gate.Release();
        }
    }

    [Benchmark]
    public Task PatchedAsyncLock() => Patched();

    [Benchmark]
    public Task PatchedAsyncLockNoEngine() => Patched();

    private async Task Patched()
    {
        SemaphoreSlimPatches.WaitAsync.Prefix(_gate, s_wait, out var state);
        var acquire = _gate.WaitAsync();
        SemaphoreSlimPatches.WaitAsync.Postfix(_gate, acquire, state, s_wait);
        await acquire;
        try
        {
            await Task.Yield();
            var resumed = AsyncStateMachinePatches.Enter(1); // the hook a rewritten MoveNext runs at this resumption
            try
            {
                SemaphoreSlimPatches.Release.Prefix(_gate, s_release);
            }
            finally
            {
                AsyncStateMachinePatches.Exit(resumed);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
