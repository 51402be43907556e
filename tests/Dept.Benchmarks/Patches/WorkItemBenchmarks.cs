using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patches.Tasks;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Benchmarks.Patches;

/// <summary>
/// What a work-item boundary costs while Dept tracks (round 5): a delegate handed to <c>ThreadPool.QueueUserWorkItem</c>
/// or <c>Task.Run</c> is wrapped so that it runs in its own context and restores the thread's previous one, and a task's
/// body runs in the body context of the task's completion (its class, map and held entry) and fires the completion at
/// its end. Both pairs run on the benchmark thread (a pool hop would bury the
/// wrapper in thread wake-up noise): the callback invoked directly, and a task run synchronously, each raw against
/// wrapped by the real patch prefix, with the same engine installed. Results: docs/performance.md, "Work items".
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class WorkItemBenchmarks
{
    private static readonly DeptSite s_run = DeptSite.Create("Task.Run", "Bench.Run", "/bench/Bench.cs", 30);

    private WaitCallback _rawCallback = null!;
    private WaitCallback _wrappedCallback = null!;
    private Action _rawBody = null!;
    private Action _wrappedBody = null!;
    private int _counter;

    [GlobalSetup]
    public void Setup()
    {
        DeptRuntime.Install(new DeptEngine(new DeptOptions { CaptureStacks = false }));
        _rawCallback = _ => _counter++;
        _wrappedCallback = _rawCallback;
        ThreadPoolPatches.QueueUserWorkItem.Prefix(ref _wrappedCallback);
        _rawBody = () => _counter++;
        _wrappedBody = _rawBody;
        TaskRunPatches.RunAction.Prefix(ref _wrappedBody, s_run);
        if (ReferenceEquals(_wrappedCallback, _rawCallback) || ReferenceEquals(_wrappedBody, _rawBody))
        {
            throw new InvalidOperationException("the patches did not wrap the work items: the engine is not installed");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => DeptRuntime.Install(null);

    /// <summary>A pool callback, invoked as the pool would.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("pool callback")]
    public void Callback_Raw() => _rawCallback(null);

    /// <summary>The same callback wrapped as a work item.</summary>
    [Benchmark]
    [BenchmarkCategory("pool callback")]
    public void Callback_Wrapped() => _wrappedCallback(null);

    /// <summary>A task created and run on this thread (its body inside the task, as a pool thread runs it).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("task body")]
    public void TaskBody_Raw() => new Task(_rawBody).RunSynchronously();

    /// <summary>The same task with its body wrapped as <c>Task.Run</c>'s patch wraps it (body context and completion event included).</summary>
    [Benchmark]
    [BenchmarkCategory("task body")]
    public void TaskBody_Wrapped() => new Task(_wrappedBody).RunSynchronously();
}
