using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Dept.Core.Options;
using Dept.Core.Tracking;
using Dept.Instrumentation.Runtime;
using DmaBuf;
using DmaBuf.Buffers;
using DmaBuf.Fences;
using DmaBuf.Heaps;
using DmaBuf.Scenarios.Workload;

namespace Dept.Benchmarks.Workload;

/// <summary>
/// Issue #4 target: the reference workload with Dept on runs at 50% or more of its speed with Dept off. The loops
/// (DmaBuf.Scenarios' WorkloadCycles) and DmaBuf.dll are rewritten with DmaBuf.Dept's patches in both cases; "off" means no engine is installed, so every patch is one
/// null check, as in an instrumented build run without tracking. Each category has its own baseline.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class DmaWorkloadBenchmarks
{
    private const int Operations = 100;
    private readonly DmaRuntime _runtime = new();
    private readonly NamedFenceOps _ops = new("bench", "ring0");
    private DeptEngine _engine = null!;
    private DmaBuffer _buffer = null!;
    private ulong _context;
    private ulong _seqno;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new DeptEngine(new DeptOptions());

        // The rewritten DmaBuf.dll would auto-start a process-wide engine on first use when none is installed; deciding
        // that while ours is installed keeps "off" really off.
        DeptRuntime.Install(_engine);
        DeptInstrumentedRun.EnsureStarted();
        DeptRuntime.Install(null);
        _context = FenceContext.Allocate();
        _buffer = new SystemHeap(_runtime, 1UL << 20).Allocate(64 * 1024);
        Tracked(FenceCycles);
        Tracked(AttachMapCycles);
        if (_engine.GetStats().Waits == 0)
        {
            throw new InvalidOperationException("Dept saw no waits: the DmaBuf.dll loaded here is not rewritten, so 'Dept on' would measure nothing.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => DeptRuntime.Install(null);

    /// <summary>Create, signal, wait: one fence lifecycle per operation, Dept off.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    [BenchmarkCategory("fence create+signal+wait")]
    public int FenceCycle_DeptOff() => FenceCycles();

    /// <summary>The same with Dept tracking.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    [BenchmarkCategory("fence create+signal+wait")]
    public int FenceCycle_DeptOn() => Tracked(FenceCycles);

    /// <summary>Attach, map, unmap, detach: one importer cycle per operation, Dept off.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    [BenchmarkCategory("buffer attach+map+unmap+detach")]
    public int AttachMap_DeptOff() => AttachMapCycles();

    /// <summary>The same with Dept tracking.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    [BenchmarkCategory("buffer attach+map+unmap+detach")]
    public int AttachMap_DeptOn() => Tracked(AttachMapCycles);

    private int Tracked(Func<int> body)
    {
        DeptRuntime.Install(_engine);
        try
        {
            return body();
        }
        finally
        {
            DeptRuntime.Install(null);
        }
    }

    private int FenceCycles() => WorkloadCycles.FenceCycles(_runtime, _ops, _context, ref _seqno, Operations);

    private int AttachMapCycles() => WorkloadCycles.AttachMapCycles(_buffer, Operations);
}
