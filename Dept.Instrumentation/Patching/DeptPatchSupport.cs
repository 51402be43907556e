using Dept.Core.Annotations;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patching;

/// <summary>
/// What Dept's own patches use, for authors of patch packs (e.g. Dept.Patches.AsyncEx): the class a rewritten site
/// names, task waits with Dept's task model, async-lock acquire tasks, and the fault boundary.
/// </summary>
/// <remarks>Thread-safe. Every member is cheap enough for a patch body and never throws except as documented.</remarks>
public static class DeptPatchSupport
{
    /// <summary>Gets the class key of the lock or wait at <paramref name="site"/>: its receiver field, else the call site.</summary>
    public static DeptKey ClassOf(DeptSite? site) => SiteKeys.For(site);

    /// <summary>
    /// Records that the current context blocks on <paramref name="task"/> (a sync-over-async helper), exactly as
    /// <c>Task.Wait</c>: nothing when it is complete or an async lock's acquire, classed by its source, and its
    /// completion becomes an event.
    /// </summary>
    public static void BlockingWait(Task? task, DeptSite? site, bool timeout = false)
    {
        if (task is not null)
        {
            TaskEvents.Block(task, site, timeout);
        }
    }

    /// <summary>
    /// Marks <paramref name="task"/> as an async lock's acquire: waits on it are the lock's own, recorded by the acquire.
    /// Not needed for a task given to <see cref="DeptLdt.AcquireFlow"/> as its <c>acquired</c> argument: the flow's held
    /// set already says so (at no cost per acquire; this costs a table entry).
    /// </summary>
    public static void AsyncLockAcquire(Task? task)
    {
        if (task is not null)
        {
            TaskClasses.Acquisition(task);
        }
    }

    /// <summary>Reports a fault inside a patch body: tracking stops with one message; never throws.</summary>
    public static void Fault(Exception exception) => PatchFault.Report(exception);

    /// <summary>Starts the instrumented run's engine if it is not running yet (call it from a patch class's static constructor).</summary>
    public static void EnsureStarted() => DeptInstrumentedRun.EnsureStarted();
}
