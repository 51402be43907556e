namespace Dept.Core.Lifetimes;

/// <summary>
/// One finalisable object for the whole process (not one per source): each time the GC collects it, it asks for a
/// sweep on the thread pool and re-registers itself, so abandoned sources are found soon after the GC that proved
/// them unreachable, at the cost of one queued work item per collection of its generation.
/// </summary>
internal sealed class SweepTrigger
{
    private static int s_started;

    public static void EnsureStarted()
    {
        if (Volatile.Read(ref s_started) == 0 && Interlocked.Exchange(ref s_started, 1) == 0)
        {
            _ = new SweepTrigger();
        }
    }

    ~SweepTrigger()
    {
        if (Environment.HasShutdownStarted)
        {
            return;
        }

        if (DeptSources.Count > 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => DeptSources.SweepQuietly(), null);
        }

        GC.ReRegisterForFinalize(this);
    }
}
