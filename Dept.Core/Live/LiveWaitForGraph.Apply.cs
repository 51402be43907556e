namespace Dept.Core.Live;

/// <summary>Applying runtime events to the graph.</summary>
internal sealed partial class LiveWaitForGraph
{
    /// <summary>Outcome of <see cref="Apply"/>.</summary>
    public enum Result { Applied, Stale, Full }

    public Result Apply(in LiveEvent e)
    {
        return e.Kind switch
        {
            LiveEventKind.ContentionStart or LiveEventKind.ContentionStop
                or LiveEventKind.WaitHandleStart or LiveEventKind.WaitHandleStop => ApplyThreadWait(e),
            LiveEventKind.TaskWaitBegin => e.Synchronous ? ApplyThreadWait(e) : ApplyAwait(e),
            LiveEventKind.TaskWaitEnd => ApplyTaskWaitEnd(e),
            LiveEventKind.TaskExecuteStart => ApplyRunning(e, start: true),
            LiveEventKind.TaskExecuteStop => ApplyRunning(e, start: false),
            _ => Result.Stale,
        };
    }

    private Result ApplyThreadWait(in LiveEvent e)
    {
        var starts = e.Kind is LiveEventKind.ContentionStart or LiveEventKind.WaitHandleStart or LiveEventKind.TaskWaitBegin;
        if (!_threads.TryGetValue(e.ThreadId, out var state))
        {
            if (!starts)
            {
                return Result.Stale; // The end of a wait that began before we attached.
            }

            if (NodeCount >= maxNodes)
            {
                return Result.Full;
            }

            state = new LiveThreadState();
            _threads[e.ThreadId] = state;
        }

        var waiter = LiveNode.Thread(e.ThreadId);
        switch (e.Kind)
        {
            case LiveEventKind.ContentionStart when e.Timestamp >= state.LockSeen:
                state.LockSeen = e.Timestamp;
                var owner = e.OwnerThreadId != 0 && e.OwnerThreadId != e.ThreadId ? LiveNode.Thread(e.OwnerThreadId) : (LiveNode?)null;
                // The same wait seen again (two EventPipe sessions overlap during hand-over): keep its first start.
                if (state.Lock is not { } current || current.LockId != e.LockId || current.Target != owner)
                {
                    state.Lock = new LiveWait(waiter, LiveWaitKind.Lock, owner, e.Timestamp)
                    {
                        LockId = e.LockId, ObjectId = e.ObjectId, FromSnapshot = e.FromSnapshot,
                    };
                }

                break;
            case LiveEventKind.ContentionStop when e.Timestamp >= state.LockSeen:
                state.LockSeen = e.Timestamp;
                state.Lock = null;
                break;
            case LiveEventKind.WaitHandleStart when e.Timestamp >= state.HandleSeen:
                state.HandleSeen = e.Timestamp;
                var kind = e.MonitorWait ? LiveWaitKind.MonitorWait : LiveWaitKind.WaitHandle;
                state.Handle = new LiveWait(waiter, kind, null, e.Timestamp) { ObjectId = e.ObjectId };
                break;
            case LiveEventKind.WaitHandleStop when e.Timestamp >= state.HandleSeen:
                state.HandleSeen = e.Timestamp;
                state.Handle = null;
                break;
            case LiveEventKind.TaskWaitBegin when e.Timestamp >= state.TaskSeen:
                state.TaskSeen = e.Timestamp;
                if (state.Task?.Target != LiveNode.Task(e.TaskId))
                {
                    state.Task = new LiveWait(waiter, LiveWaitKind.TaskWait, LiveNode.Task(e.TaskId), e.Timestamp);
                }

                break;
            case LiveEventKind.TaskWaitEnd when e.Timestamp >= state.TaskSeen:
                state.TaskSeen = e.Timestamp;
                if (state.Task?.Target == LiveNode.Task(e.TaskId))
                {
                    state.Task = null;
                }

                break;
            default:
                return Result.Stale;
        }

        return Result.Applied;
    }

    private Result ApplyAwait(in LiveEvent e)
    {
        if (e.ContinuationTaskId == 0)
        {
            return Result.Stale; // An await outside any task (no continuation task id): nothing waits in the graph.
        }

        if (!_awaits.ContainsKey(e.ContinuationTaskId) && NodeCount >= maxNodes)
        {
            return Result.Full;
        }

        _awaits[e.ContinuationTaskId] = new LiveWait(
            LiveNode.Task(e.ContinuationTaskId), LiveWaitKind.TaskAwait, LiveNode.Task(e.TaskId), e.Timestamp);
        return Result.Applied;
    }

    private Result ApplyTaskWaitEnd(in LiveEvent e)
    {
        // The awaited task completed: whoever awaited it (before this moment) resumes.
        List<int>? resumed = null;
        foreach (var (waiter, wait) in _awaits)
        {
            if (wait.Target == LiveNode.Task(e.TaskId) && wait.Since <= e.Timestamp)
            {
                (resumed ??= []).Add(waiter);
            }
        }

        resumed?.ForEach(id => _awaits.Remove(id));
        var thread = _threads.ContainsKey(e.ThreadId) ? ApplyThreadWait(e) : Result.Stale;
        return resumed is not null ? Result.Applied : thread;
    }

    private Result ApplyRunning(in LiveEvent e, bool start)
    {
        if (!start)
        {
            return _running.Remove(e.TaskId) ? Result.Applied : Result.Stale;
        }

        if (!_running.ContainsKey(e.TaskId) && NodeCount >= maxNodes)
        {
            return Result.Full;
        }

        _running[e.TaskId] = new LiveWait(LiveNode.Task(e.TaskId), LiveWaitKind.TaskRunning, LiveNode.Thread(e.ThreadId), e.Timestamp);
        return Result.Applied;
    }

    /// <summary>Forgets threads with nothing in flight, keeping the table bounded by live waits.</summary>
    public void Compact(DateTimeOffset olderThan)
    {
        List<long>? idle = null;
        foreach (var (id, state) in _threads)
        {
            if (state.IsIdle && state.LockSeen < olderThan && state.HandleSeen < olderThan && state.TaskSeen < olderThan)
            {
                (idle ??= []).Add(id);
            }
        }

        idle?.ForEach(id => _threads.Remove(id));
    }
}
