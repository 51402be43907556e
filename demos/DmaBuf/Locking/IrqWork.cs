namespace DmaBuf.Locking;

/// <summary>
/// Deferred work (<c>irq_work</c>): runs a callback later on another thread, so code holding a fence lock (a fence
/// callback) never signals another fence inline. Fence arrays and chains signal this way (scenario D4's fix).
/// </summary>
public static class IrqWork
{
    /// <summary>Queues <paramref name="work"/> to run on the thread pool.</summary>
    /// <param name="work">The work.</param>
    public static void Queue(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ThreadPool.UnsafeQueueUserWorkItem(static w => Run(w), work, preferLocal: false);
    }

    /// <summary>Runs one work item; the pool calls this. Each item is a new execution context for a tracker.</summary>
    /// <param name="work">The work.</param>
    public static void Run(Action work) => work();
}
