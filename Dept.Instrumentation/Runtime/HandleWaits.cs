using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The model of one <see cref="WaitHandle"/> wait, by the handle's real type (call sites bind to
/// <c>WaitHandle.WaitOne</c>, so the patch dispatches here): a <see cref="Mutex"/> is an owned, re-entrant lock
/// (DEPT ldt); a <see cref="Semaphore"/> or event handle is a wait/event pair (DEPT sdt). A
/// <see cref="ManualResetEvent"/> that is already set is not a wait; auto-reset events and semaphores cannot be
/// peeked without consuming the signal, so every blocking call on them is a wait (as DEPT records every lock wait).
/// </summary>
internal static class HandleWaits
{
    /// <summary>Records the wait that precedes a blocking call on <paramref name="handle"/>.</summary>
    public static void Before(WaitHandle? handle, DeptSite? site, bool timed)
    {
        switch (handle)
        {
            case Mutex mutex:
                DeptLdt.AcquireWait(SiteKeys.For(site), mutex, site, DeptLockMode.Exclusive, Flags(timed));
                break;
            case Semaphore semaphore when !timed && BinarySemaphores.IsLock(semaphore, site):
                BinarySemaphores.Acquire(semaphore, site);
                break;
            case Semaphore semaphore:
                Waits.Block(semaphore, "Semaphore", site, timed);
                break;
            case ManualResetEvent manual when manual.WaitOne(0):
                break;
            case EventWaitHandle waitHandle:
                Waits.Block(waitHandle, "EventWaitHandle", site, timed);
                break;
            default:
                break;
        }
    }

    /// <summary>Opens the event context of a <see cref="Mutex"/> that the call acquired.</summary>
    public static void Acquired(WaitHandle? handle, DeptSite? site)
    {
        if (handle is Mutex mutex)
        {
            DeptLdt.Acquired(SiteKeys.For(site), mutex, site, DeptLockMode.Exclusive, DeptLockFlags.Reentrant | DeptLockFlags.Try);
        }
    }

    private static DeptLockFlags Flags(bool timed)
        => timed ? DeptLockFlags.Reentrant | DeptLockFlags.Timeout : DeptLockFlags.Reentrant;
}
