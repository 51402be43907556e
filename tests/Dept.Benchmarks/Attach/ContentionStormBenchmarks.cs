using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Instrumentation.Observers;

namespace Dept.Benchmarks.Attach;

/// <summary>
/// The event rate the in-process observer keeps up with (#6): four threads hand one hot lock around, so most
/// entries contend and raise ContentionStart/Stop (and an inner wait-handle pair). Baseline: no observer. The
/// cleanup prints how many events the tracker applied and dropped, and the rate.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class ContentionStormBenchmarks
{
    private const int Threads = 4;
    private const int EntriesPerThread = 20_000;
    private readonly object _hot = new();
    private InProcessDeadlockObserver? _observer;
    private System.Diagnostics.Stopwatch _busy = new();

    [GlobalSetup(Target = nameof(WithObserver))]
    public void StartObserver() => _observer = InProcessDeadlockObserver.Start();

    [GlobalCleanup(Target = nameof(WithObserver))]
    public void StopObserver()
    {
        _observer!.Stop();
        var s = _observer.Tracker.Stats;
        var seen = s.EventsApplied + s.StaleEventsIgnored;
        Console.WriteLine($"// observer: {seen} events taken ({s.EventsApplied} applied), {s.EventsDropped} dropped, " +
            $"{seen / _busy.Elapsed.TotalSeconds:0} events/s over {_busy.Elapsed.TotalSeconds:0.0} s of storms");
    }

    [Benchmark(Baseline = true)]
    public void WithoutObserver() => Storm();

    [Benchmark]
    public void WithObserver()
    {
        _busy.Start();
        Storm();
        _busy.Stop();
    }

    private void Storm()
    {
        var threads = new Thread[Threads];
        for (var i = 0; i < Threads; i++)
        {
            threads[i] = new Thread(() =>
            {
                for (var n = 0; n < EntriesPerThread; n++)
                {
                    lock (_hot)
                    {
                        Thread.SpinWait(50);
                    }
                }
            });
            threads[i].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }
}
