namespace Dept.Core.Live;

/// <summary>Draining events, confirming cycles, finding hangs.</summary>
public sealed partial class LiveDeadlockTracker
{
    // Idle threads are forgotten after this long, so a late "stop" still finds its thread's timestamps.
    private static readonly TimeSpan s_forgetIdleThreadsAfter = TimeSpan.FromSeconds(30);

    // Bound on stored reports; more are still passed to the reporter.
    private const int MaxStoredReports = 4096;

    /// <summary>
    /// Applies queued events, then reports every cycle whose newest wait is older than
    /// <see cref="LiveOptions.ConfirmAfter"/> (once per cycle) and every wait older than
    /// <see cref="LiveOptions.HangThreshold"/> that is not in a cycle (once per wait). Call it periodically.
    /// </summary>
    /// <returns>The number of new reports.</returns>
    public int Tick()
    {
        List<ActualDeadlock>? deadlocks = null;
        List<LiveHang>? hangs = null;
        lock (_gate)
        {
            Drain();
            var now = _options.TimeProvider.GetUtcNow();
            var inCycle = new HashSet<LiveNode>();
            var deadlocked = new HashSet<LiveNode>();
            foreach (var cycle in _graph.FindCycles())
            {
                foreach (var wait in cycle)
                {
                    inCycle.Add(wait.Waiter);
                }

                var newest = cycle.Max(w => w.Since);
                if (now - newest < _options.ConfirmAfter)
                {
                    continue; // A stop that dissolves it may still be in flight.
                }

                deadlocked.UnionWith(cycle.Select(static w => w.Waiter));

                var deadlock = new ActualDeadlock(now, cycle);
                if (_reportedCycles.Add(deadlock.Fingerprint))
                {
                    Store(_deadlocks, deadlock);
                    (deadlocks ??= []).Add(deadlock);
                }
            }

            var current = _graph.CurrentWaits();
            foreach (var wait in current)
            {
                if (inCycle.Contains(wait.Waiter) || wait.WaitedAt(now) < _options.HangThreshold)
                {
                    continue;
                }

                // #11: a wait whose chain leads into a confirmed deadlock can never end: its only possible signaller is
                // blocked for ever. An unreachable event, reported once, even if it was reported as a hang before.
                if (deadlocked.Count > 0 && SignallerBlockedForever(wait, deadlocked) is { } blocker)
                {
                    if (_reportedUnreachable.Add((wait.Waiter, wait.Since.UtcTicks)))
                    {
                        var unreachable = new LiveHang(now, wait) { BlockedForeverBy = blocker };
                        Store(_unreachable, unreachable);
                        (hangs ??= []).Add(unreachable);
                    }
                }
                else if (_reportedHangs.Add((wait.Waiter, wait.Since.UtcTicks)))
                {
                    var hang = new LiveHang(now, wait);
                    Store(_hangs, hang);
                    (hangs ??= []).Add(hang);
                }
            }

            _graph.Compact(now - s_forgetIdleThreadsAfter);
            ForgetEndedWaits(current);
        }

        // Outside the lock: a slow or throwing reporter must not stall or break the tracker.
        deadlocks?.ForEach(d => Report(r => r.OnDeadlock(d)));
        hangs?.ForEach(h => Report(r => r.OnHang(h)));
        return (deadlocks?.Count ?? 0) + (hangs?.Count ?? 0);
    }

    // Caller holds _gate. Follows who the wait waits for (lock owner, awaited task, thread running a task) until a
    // member of a confirmed deadlock, a node that waits for nobody known, or a bound.
    private LiveNode? SignallerBlockedForever(LiveWait wait, HashSet<LiveNode> deadlocked)
    {
        var edge = wait;
        for (var step = 0; step < 64 && edge?.Target is { } target; step++)
        {
            if (deadlocked.Contains(target))
            {
                return target;
            }

            edge = _graph.EdgeOf(target);
        }

        return null;
    }

    // Caller holds _gate. The "already reported" sets only need waits that still exist (an ended wait cannot be
    // reported again); trimming them once they pass the report bound keeps a long attach's memory bounded.
    private void ForgetEndedWaits(List<LiveWait> current)
    {
        if (_reportedUnreachable.Count > MaxStoredReports)
        {
            _reportedUnreachable.IntersectWith(current.Select(w => (w.Waiter, w.Since.UtcTicks)));
        }

        if (_reportedHangs.Count > MaxStoredReports)
        {
            _reportedHangs.IntersectWith(current.Select(w => (w.Waiter, w.Since.UtcTicks)));
        }

        if (_reportedCycles.Count > MaxStoredReports)
        {
            var live = _graph.FindCycles().Select(LiveFingerprint.Of).ToHashSet(StringComparer.Ordinal);
            _reportedCycles.IntersectWith(live);
        }
    }

    // Caller holds _gate.
    private void Drain()
    {
        while (_queue.TryDequeue(out var e))
        {
            Interlocked.Decrement(ref _queued);
            switch (_graph.Apply(e))
            {
                case LiveWaitForGraph.Result.Applied:
                    Interlocked.Increment(ref _applied);
                    break;
                case LiveWaitForGraph.Result.Stale:
                    Interlocked.Increment(ref _stale);
                    break;
                default:
                    Interlocked.Increment(ref _dropped);
                    break;
            }
        }
    }

    private static void Store<T>(List<T> list, T item)
    {
        if (list.Count < MaxStoredReports)
        {
            list.Add(item);
        }
    }

    private void Report(Action<ILiveReporter> call)
    {
        if (_options.Reporter is not { } reporter)
        {
            return;
        }

        try
        {
            call(reporter);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _reporterFailures);
        }
    }
}
