using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Live;

namespace Dept.Benchmarks.Attach;

/// <summary>
/// How many runtime events per second the live tracker applies (#6): contention start/stop pairs over 64 threads,
/// posted then drained by Tick, against a baseline that only moves the same events through a queue.
/// Per-operation time is per event (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class LiveTrackerThroughputBenchmarks
{
    private const int Events = 100_000;
    private LiveEvent[] _events = [];

    [GlobalSetup]
    public void Setup()
    {
        var t0 = DateTimeOffset.UtcNow;
        _events = new LiveEvent[Events];
        for (var i = 0; i < Events; i += 2)
        {
            var thread = 1000 + (i / 2 % 64);
            var at = t0.AddTicks(i);
            _events[i] = LiveEvent.LockWait(thread, at, lockId: (ulong)(i % 16) + 1, objectId: 0, owner: 1000 + ((thread + 1) % 64));
            _events[i + 1] = LiveEvent.LockAcquired(thread, at.AddTicks(1));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int QueueOnly()
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<LiveEvent>();
        foreach (var e in _events)
        {
            queue.Enqueue(e);
        }

        var n = 0;
        while (queue.TryDequeue(out _))
        {
            n++;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long PostAndTick()
    {
        var tracker = new LiveDeadlockTracker(new LiveOptions { MaxQueuedEvents = Events });
        for (var i = 0; i < _events.Length; i++)
        {
            tracker.Post(_events[i]);
            if ((i & 1023) == 1023)
            {
                tracker.Tick(); // About what a 50 ms poll drains at 20,000 events/s.
            }
        }

        tracker.Tick();
        return tracker.Stats.EventsApplied;
    }
}
