using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Live;
using Dept.Instrumentation.Observers;

namespace Dept.Benchmarks.Attach;

/// <summary>
/// Time from an AB-BA deadlock forming to the in-process observer's report (#6). Each operation forms a real
/// deadlock with two fresh threads and breaks it by interrupting one of them. Baseline: the same deadlock,
/// broken as soon as both threads are seen blocked (no observer). The difference is the detection latency
/// (event delivery ~10 ms + poll 50 ms + confirmation 150 ms by default).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15, invocationCount: 1)]
public class InProcessDeadlockLatencyBenchmarks
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private InProcessDeadlockObserver? _observer;
    private readonly LatestDeadlock _reporter = new();

    [GlobalSetup(Target = nameof(DeadlockToReport))]
    public void StartObserver() =>
        _observer = InProcessDeadlockObserver.Start(new InProcessObserverOptions { Live = { Reporter = _reporter } });

    [GlobalCleanup(Target = nameof(DeadlockToReport))]
    public void StopObserver()
    {
        Console.WriteLine($"// detection latency of the last report: {_reporter.Last?.DetectionLatency.TotalMilliseconds:0} ms");
        _observer?.Stop();
    }

    [Benchmark(Baseline = true)]
    public void DeadlockBrokenWhenBlocked() => Deadlock(threads =>
        SpinWait.SpinUntil(() => threads.All(t => (t.ThreadState & ThreadState.WaitSleepJoin) != 0), Bound));

    [Benchmark]
    public void DeadlockToReport() => Deadlock(_ => _reporter.Next.Wait(Bound));

    private void Deadlock(Action<Thread[]> waitForIt)
    {
        object a = new(), b = new();
        using var bothHold = new Barrier(2);
        _reporter.Reset();
        var threads = new[] { Start(a, b, bothHold), Start(b, a, bothHold) };
        waitForIt(threads);
        threads[0].Interrupt();
        threads[0].Join(Bound);
        threads[1].Join(Bound);
    }

    private static Thread Start(object mine, object theirs, Barrier bothHold)
    {
        var thread = new Thread(() =>
        {
            try
            {
                lock (mine)
                {
                    bothHold.SignalAndWait(Bound);
                    if (Monitor.TryEnter(theirs, Bound))
                    {
                        Monitor.Exit(theirs);
                    }
                }
            }
            catch (ThreadInterruptedException)
            {
                // How the benchmark breaks the deadlock.
            }
        })
        { IsBackground = true };
        thread.Start();
        return thread;
    }

    private sealed class LatestDeadlock : ILiveReporter
    {
        public ManualResetEventSlim Next { get; } = new();

        public ActualDeadlock? Last { get; private set; }

        public void Reset() => Next.Reset();

        public void OnDeadlock(ActualDeadlock deadlock)
        {
            Last = deadlock;
            Next.Set();
        }

        public void OnHang(LiveHang hang)
        {
        }
    }
}
