namespace Dept.Core.Live;

/// <summary>
/// One runtime event, normalized so the EventPipe reader (out of process) and the <c>EventListener</c> (in process)
/// feed the same <see cref="LiveDeadlockTracker"/> (#6). Thread ids are OS thread ids: that is what the runtime puts
/// in the event header and in ContentionStart's <c>LockOwnerThreadID</c>.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="ThreadId">The OS id of the thread that raised the event.</param>
/// <param name="Timestamp">When the runtime raised it (not when it was delivered).</param>
public readonly record struct LiveEvent(LiveEventKind Kind, long ThreadId, DateTimeOffset Timestamp)
{
    /// <summary>The runtime's lock id (ContentionStart): stable for the lock's lifetime, unlike object addresses.</summary>
    public ulong LockId { get; init; }

    /// <summary>The object's address at the time of the event (may move with the GC; shown, not used as identity).</summary>
    public ulong ObjectId { get; init; }

    /// <summary>The OS id of the lock's owner (ContentionStart v2), 0 when unknown.</summary>
    public long OwnerThreadId { get; init; }

    /// <summary>The task waited for or executed (TPL events).</summary>
    public int TaskId { get; init; }

    /// <summary>For an asynchronous task wait: the task that continues after the wait (the waiting task).</summary>
    public int ContinuationTaskId { get; init; }

    /// <summary>For TaskWaitBegin: true when a thread blocks (Behavior=Synchronous), false for an <c>await</c>.</summary>
    public bool Synchronous { get; init; }

    /// <summary>For WaitHandleStart: true when the wait is <c>Monitor.Wait</c> (WaitSource=MonitorWait).</summary>
    public bool MonitorWait { get; init; }

    /// <summary>
    /// True when the wait was found by a snapshot of the process (its stack) rather than by an event: it began
    /// before observation did, so <see cref="Timestamp"/> is only a lower bound of its start.
    /// </summary>
    public bool FromSnapshot { get; init; }

    /// <summary>A thread blocked on a lock held by <paramref name="owner"/>.</summary>
    public static LiveEvent LockWait(long thread, DateTimeOffset at, ulong lockId, ulong objectId, long owner) =>
        new(LiveEventKind.ContentionStart, thread, at) { LockId = lockId, ObjectId = objectId, OwnerThreadId = owner };

    /// <summary>The thread's lock wait ended.</summary>
    public static LiveEvent LockAcquired(long thread, DateTimeOffset at) => new(LiveEventKind.ContentionStop, thread, at);

    /// <summary>A thread blocked in a wait-handle wait.</summary>
    public static LiveEvent HandleWait(long thread, DateTimeOffset at, bool monitorWait, ulong objectId) =>
        new(LiveEventKind.WaitHandleStart, thread, at) { MonitorWait = monitorWait, ObjectId = objectId };

    /// <summary>The thread's wait-handle wait ended.</summary>
    public static LiveEvent HandleWaitEnded(long thread, DateTimeOffset at) => new(LiveEventKind.WaitHandleStop, thread, at);

    /// <summary>A thread (synchronous) or the task <paramref name="continuationTask"/> (asynchronous) waits for <paramref name="task"/>.</summary>
    public static LiveEvent TaskWait(long thread, DateTimeOffset at, int task, bool synchronous, int continuationTask) =>
        new(LiveEventKind.TaskWaitBegin, thread, at) { TaskId = task, Synchronous = synchronous, ContinuationTaskId = continuationTask };

    /// <summary>A wait for <paramref name="task"/> ended on <paramref name="thread"/>.</summary>
    public static LiveEvent TaskWaitEnded(long thread, DateTimeOffset at, int task) =>
        new(LiveEventKind.TaskWaitEnd, thread, at) { TaskId = task };

    /// <summary><paramref name="thread"/> started running <paramref name="task"/>.</summary>
    public static LiveEvent TaskStarted(long thread, DateTimeOffset at, int task) =>
        new(LiveEventKind.TaskExecuteStart, thread, at) { TaskId = task };

    /// <summary><paramref name="thread"/> finished running <paramref name="task"/>.</summary>
    public static LiveEvent TaskFinished(long thread, DateTimeOffset at, int task) =>
        new(LiveEventKind.TaskExecuteStop, thread, at) { TaskId = task };
}
