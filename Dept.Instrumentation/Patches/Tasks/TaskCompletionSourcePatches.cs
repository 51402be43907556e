using Dept.Core.Annotations;
using Dept.Core.Lifetimes;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Tasks;

/// <summary>
/// Patches for <see cref="TaskCompletionSource"/> and <see cref="TaskCompletionSource{TResult}"/>: every
/// <c>SetResult</c>/<c>SetException</c>/<c>SetCanceled</c> and their <c>TrySet*</c> twins is the event of the
/// source's task, fired before the task completes (so before inline continuations run) and named by its call site
/// in reports. Completing an already completed source is not an event. Each source is also registered for the
/// abandoned-source check (<see cref="DeptSources"/>; off with <c>DEPT_DETECT_ABANDONED_SOURCES=false</c>).
/// </summary>
public static class TaskCompletionSourcePatches
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<object, Task>> s_taskGetters = new();

    static TaskCompletionSourcePatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary>
    /// Every <see cref="TaskCompletionSource"/> constructor: waits on the source's task are classed by this creation
    /// site, not by where they wait (#9), so waits through a shared helper stay apart and name the user's line.
    /// </summary>
    [DeptPatch(typeof(TaskCompletionSource), ".ctor", null, Function = "TaskCompletionSource")]
    public static class Create
    {
        /// <summary>Runs after the constructor.</summary>
        public static void Postfix(TaskCompletionSource __result, DeptSite __site) => Created(__result, __result?.Task, __site, TaskSourceProbe.NonGeneric);
    }

    /// <summary>
    /// Every <see cref="TaskCompletionSource{TResult}"/> constructor. The new source arrives as <see cref="object"/>
    /// (a constructor's result is bound by its open type); its task is read through a getter made once per type.
    /// </summary>
    [DeptPatch(typeof(TaskCompletionSource<>), ".ctor", null, Function = "TaskCompletionSource")]
    public static class CreateOf
    {
        /// <summary>Runs after the constructor.</summary>
        public static void Postfix(object __result, DeptSite __site)
        {
            try
            {
                if (__result is not null && DeptRuntime.Current is not null)
                {
                    Created(__result, s_taskGetters.GetOrAdd(__result.GetType(), MakeGetter)(__result), __site, TaskSourceProbe.For(__result.GetType()));
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }

        private static Func<object, Task> MakeGetter(Type source) =>
            typeof(CreateOf).GetMethod(nameof(TaskOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(source.GetGenericArguments()[0])
                .CreateDelegate<Func<object, Task>>();

        private static Task TaskOf<TResult>(object source) => ((TaskCompletionSource<TResult>)source).Task;
    }

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

    // The class of the source's waits (#9) and, for the abandoned-source check (#11), a weak registration of the source:
    // collected while its task is pending and waited on or awaited, it is an unreachable event naming this site.
    private static void Created(object? source, Task? task, DeptSite? site, TaskSourceProbe probe)
    {
        try
        {
            if (source is not null && task is not null && DeptRuntime.Current is not null)
            {
                TaskClasses.CreatedAt(task, site);
                DeptSources.Track(source, task, probe, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
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
