namespace DmaBuf.Locking;

/// <summary>
/// Deferred work (<c>irq_work</c>): runs a callback later on another thread, so code holding a fence lock (a fence
/// callback) never signals another fence inline. Fence arrays and chains signal this way (scenario D4's fix).
/// </summary>
public static class IrqWork
{
    // Queued or running items, so a harness can wait until no deferred work is left (irq_work_sync for all items):
    // work that outlives the code that queued it must not run into whatever that harness does next.
    private static int s_pending;

    /// <summary>Gets the number of work items queued or running.</summary>
    public static int Pending => Volatile.Read(ref s_pending);

    /// <summary>Queues <paramref name="work"/> to run on the thread pool.</summary>
    /// <param name="work">The work.</param>
    public static void Queue(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Interlocked.Increment(ref s_pending);
        try
        {
            ThreadPool.UnsafeQueueUserWorkItem(static w => RunQueued(w), work, preferLocal: false);
        }
        catch
        {
            Interlocked.Decrement(ref s_pending);
            throw;
        }
    }

    /// <summary>Runs one work item; the pool calls this. Each item is a new execution context for a tracker.</summary>
    /// <param name="work">The work.</param>
    public static void Run(Action work) => work();

    /// <summary>
    /// Waits until no work item is queued or running, including items queued by running items
    /// (<c>irq_work_sync</c> for every item).
    /// </summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns><see langword="true"/> if no work is left; <see langword="false"/> if <paramref name="timeout"/> passed first.</returns>
    public static bool Sync(TimeSpan timeout)
    {
        // Polls a counter rather than waiting on a primitive: a harness calls this between runs, where a tracked
        // wait would add a class of its own to the graph it is about to read.
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var spinner = new SpinWait();
        while (Volatile.Read(ref s_pending) > 0)
        {
            if (Environment.TickCount64 >= deadline)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: 20);
        }

        return true;
    }

    private static void RunQueued(Action work)
    {
        try
        {
            Run(work);
        }
        finally
        {
            Interlocked.Decrement(ref s_pending);
        }
    }
}
