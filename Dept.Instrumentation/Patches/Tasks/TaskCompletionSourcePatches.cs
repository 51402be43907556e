using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Tasks;

/// <summary>
/// Patches for <see cref="TaskCompletionSource"/> and <see cref="TaskCompletionSource{TResult}"/>: every
/// <c>SetResult</c>/<c>SetException</c>/<c>SetCanceled</c> and their <c>TrySet*</c> twins is the event of the
/// source's task, fired before the task completes (so before inline continuations run) and named by its call site
/// in reports. Completing an already completed source is not an event.
/// </summary>
public static class TaskCompletionSourcePatches
{
    static TaskCompletionSourcePatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary>Every completion method of <see cref="TaskCompletionSource"/>.</summary>
    [DeptPatch(typeof(TaskCompletionSource), nameof(TaskCompletionSource.SetResult), null)]
    [DeptPatch(typeof(TaskCompletionSource), nameof(TaskCompletionSource.TrySetResult), null)]
    [DeptPatch(typeof(TaskCompletionSource), nameof(TaskCompletionSource.SetException), null)]
    [DeptPatch(typeof(TaskCompletionSource), nameof(TaskCompletionSource.TrySetException), null)]
    [DeptPatch(typeof(TaskCompletionSource), nameof(TaskCompletionSource.SetCanceled), null)]
    [DeptPatch(typeof(TaskCompletionSource), nameof(TaskCompletionSource.TrySetCanceled), null)]
    public static class Complete
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(TaskCompletionSource __instance, DeptSite __site) => Fire(__instance?.Task, __site);
    }

    /// <summary>Every completion method of <see cref="TaskCompletionSource{TResult}"/> (instantiated per call site).</summary>
    [DeptPatch(typeof(TaskCompletionSource<>), "SetResult", null)]
    [DeptPatch(typeof(TaskCompletionSource<>), "TrySetResult", null)]
    [DeptPatch(typeof(TaskCompletionSource<>), "SetException", null)]
    [DeptPatch(typeof(TaskCompletionSource<>), "TrySetException", null)]
    [DeptPatch(typeof(TaskCompletionSource<>), "SetCanceled", null)]
    [DeptPatch(typeof(TaskCompletionSource<>), "TrySetCanceled", null)]
    public static class CompleteOf
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<TResult>(TaskCompletionSource<TResult> __instance, DeptSite __site) => Fire(__instance?.Task, __site);
    }

    private static void Fire(Task? task, DeptSite? site)
    {
        try
        {
            if (task is not null && !task.IsCompleted)
            {
                Waits.Event(task, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
