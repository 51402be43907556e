using System.Collections.Concurrent;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patches.Collections.Concurrent;
using Dept.Instrumentation.Patches.Threading;
using Dept.Instrumentation.Patches.Threading.Channels;

namespace Dept.Benchmarks.Patches;

/// <summary>
/// The hot paths of the framework-blocking patches (#10), calling the patch methods as a rewritten call site does,
/// each against the raw operation in the same run (one baseline per category), engine running: an add and a take
/// with an item available (nobody waits: no wait, no event), a channel write and read, an already created
/// <c>Lazy&lt;T&gt;.Value</c>, and an uncontended <c>SpinLock</c> enter/exit. MemoryDiagnoser shows what each
/// allocates per call. Results: docs/performance.md, "Framework patches".
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FrameworkPatchBenchmarks
{
    private static readonly DeptSite s_add = DeptSite.Create("BlockingCollection.Add", "Bench.Jobs._queue", "Bench.Run", "/bench/Bench.cs", 10, -1);
    private static readonly DeptSite s_take = DeptSite.Create("BlockingCollection.Take", "Bench.Jobs._queue", "Bench.Run", "/bench/Bench.cs", 11, -1);
    private static readonly DeptSite s_write = DeptSite.Create("ChannelWriter.TryWrite", "Bench.Stage._writer", "Bench.Run", "/bench/Bench.cs", 20, -1);
    private static readonly DeptSite s_read = DeptSite.Create("ChannelReader.TryRead", "Bench.Stage._reader", "Bench.Run", "/bench/Bench.cs", 21, -1);
    private static readonly DeptSite s_value = DeptSite.Create("Lazy.Value", "Bench.Settings._values", "Bench.Run", "/bench/Bench.cs", 30, -1);
    private static readonly DeptSite s_enter = DeptSite.Create("SpinLock.Enter", "Bench.Counter._spin", "Bench.Run", "/bench/Bench.cs", 40, -1);
    private static readonly DeptSite s_exit = DeptSite.Create("SpinLock.Exit", "Bench.Counter._spin", "Bench.Run", "/bench/Bench.cs", 41, -1);

    private readonly BlockingCollection<int> _queue = new(boundedCapacity: 16);
    private readonly Channel<int> _channel = Channel.CreateBounded<int>(16);
    private readonly Lazy<int> _lazy = new(static () => 42);
    private SpinLock _spin = new(enableThreadOwnerTracking: false);

    [GlobalSetup]
    public void Setup()
    {
        DeptRuntime.Install(new DeptEngine(new DeptOptions { CaptureStacks = false }));
        _ = _lazy.Value;
        PatchedAddTake();
        PatchedWriteRead();
        PatchedLazyValue();
        PatchedSpinLock();
    }

    [GlobalCleanup]
    public void Cleanup() => DeptRuntime.Install(null);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("BlockingCollection")]
    public int RawAddTake()
    {
        _queue.Add(1);
        return _queue.Take();
    }

    [Benchmark]
    [BenchmarkCategory("BlockingCollection")]
    public int PatchedAddTake()
    {
        BlockingCollectionPatches.Add.Prefix(_queue, s_add);
        _queue.Add(1);
        BlockingCollectionPatches.Take.Prefix(_queue, s_take);
        return _queue.Take();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Channel")]
    public int RawWriteRead()
    {
        _channel.Writer.TryWrite(1);
        return _channel.Reader.TryRead(out var item) ? item : -1;
    }

    [Benchmark]
    [BenchmarkCategory("Channel")]
    public int PatchedWriteRead()
    {
        var writer = _channel.Writer;
        ChannelPatches.TryWrite.Prefix(writer, s_write);
        writer.TryWrite(1);
        var reader = _channel.Reader;
        var read = reader.TryRead(out var item);
        ChannelPatches.TryRead.Postfix(reader, read, s_read);
        return read ? item : -1;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Lazy")]
    public int RawLazyValue() => _lazy.Value;

    [Benchmark]
    [BenchmarkCategory("Lazy")]
    public int PatchedLazyValue()
    {
        LazyPatches.Value.Prefix(_lazy, s_value, out var state);
        var value = _lazy.Value;
        LazyPatches.Value.Finalizer(_lazy, state, s_value);
        return value;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SpinLock")]
    public void RawSpinLock()
    {
        var taken = false;
        _spin.Enter(ref taken);
        _spin.Exit();
    }

    [Benchmark]
    [BenchmarkCategory("SpinLock")]
    public void PatchedSpinLock()
    {
        var taken = false;
        SpinLockPatches.Enter.Prefix(ref _spin, ref taken, s_enter, out var state);
        _spin.Enter(ref taken);
        SpinLockPatches.Enter.Finalizer(ref _spin, ref taken, state, null, s_enter);
        _spin.Exit();
        SpinLockPatches.Exit.Postfix(ref _spin, s_exit);
    }
}
