using System.Collections.Concurrent;

namespace Dept.Core.Live;

/// <summary>
/// Keeps the live wait-for graph of one process from runtime events and reports cycles among blocked threads and
/// tasks as actual deadlocks, and waits longer than a threshold as hangs (#6).
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="Post"/> may be called from any thread and never blocks, takes no lock and never
/// throws (it runs on the runtime's event dispatcher thread in process). Everything else (<see cref="Tick"/>,
/// <see cref="Snapshot"/>) takes a private leaf lock that is never held while calling out, and must be driven by
/// the host's own timer thread.
/// </remarks>
public sealed partial class LiveDeadlockTracker
{
    private readonly LiveOptions _options;
    private readonly ConcurrentQueue<LiveEvent> _queue = new();
    private readonly Lock _gate = new();
    private readonly LiveWaitForGraph _graph;
    private readonly List<ActualDeadlock> _deadlocks = [];
    private readonly HashSet<string> _reportedCycles = [];
    private readonly List<LiveHang> _hangs = [];
    private readonly HashSet<(LiveNode Waiter, long SinceTicks)> _reportedHangs = [];
    private readonly List<LiveHang> _unreachable = [];
    private readonly HashSet<(LiveNode Waiter, long SinceTicks)> _reportedUnreachable = [];
    private int _queued;
    private long _dropped;
    private long _lost;
    private long _applied;
    private long _stale;
    private long _reporterFailures;

    /// <summary>Creates a tracker; validates <paramref name="options"/>.</summary>
    public LiveDeadlockTracker(LiveOptions? options = null)
    {
        _options = (options ?? new LiveOptions()).Validate();
        _graph = new LiveWaitForGraph(_options.MaxNodes);
    }

    /// <summary>The options in use.</summary>
    public LiveOptions Options => _options;

    /// <summary>Queues one event. Never blocks, never throws; drops and counts the event when the queue is full.</summary>
    public void Post(in LiveEvent e)
    {
        if (Interlocked.Increment(ref _queued) > _options.MaxQueuedEvents)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _queue.Enqueue(e);
    }

    /// <summary>Records that the event source lost <paramref name="count"/> events (the graph may be incomplete).</summary>
    public void ReportLostEvents(long count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _lost, count);
        }
    }

    /// <summary>Counters so far.</summary>
    public LiveStats Stats => new(
        Interlocked.Read(ref _applied), Interlocked.Read(ref _dropped), Interlocked.Read(ref _lost),
        Interlocked.Read(ref _stale), Interlocked.Read(ref _reporterFailures));

    /// <summary>A consistent copy of the graph and of everything reported so far (applies queued events first).</summary>
    public LiveSnapshot Snapshot()
    {
        Tick();
        lock (_gate)
        {
            return new LiveSnapshot(_options.TimeProvider.GetUtcNow(), _graph.CurrentWaits(), [.. _deadlocks], [.. _hangs], Stats)
            {
                Unreachable = [.. _unreachable],
            };
        }
    }
}
