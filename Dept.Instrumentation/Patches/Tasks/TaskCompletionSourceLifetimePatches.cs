using Dept.Core.Annotations;
using Dept.Core.Lifetimes;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Tasks;

/// <summary>
/// Registers every <see cref="TaskCompletionSource"/> and <see cref="TaskCompletionSource{TResult}"/> created at a
/// rewritten call site for the abandoned-source check (<see cref="DeptSources"/>): if the source is collected while
/// its task is still pending and some thread blocks on the task or an <c>await</c> continuation waits on it, the
/// event can never fire, and the report names this creation site and the wait sites. Off with
/// <c>DeptOptions.DetectAbandonedSources = false</c> (<c>DEPT_DETECT_ABANDONED=false</c>).
/// </summary>
public static class TaskCompletionSourceLifetimePatches
{
    static TaskCompletionSourceLifetimePatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary>Every constructor of <see cref="TaskCompletionSource"/>.</summary>
    [DeptPatch(typeof(TaskCompletionSource), ".ctor", null, Function = "new TaskCompletionSource")]
    public static class Create
    {
        /// <summary>Runs after the constructor.</summary>
        public static void Postfix(TaskCompletionSource __result, DeptSite __site)
        {
            try
            {
                if (__result is not null)
                {
                    DeptSources.Track(__result, __result.Task, TaskSourceProbe.NonGeneric, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary>Every constructor of <see cref="TaskCompletionSource{TResult}"/> (instantiated per call site).</summary>
    [DeptPatch(typeof(TaskCompletionSource<>), ".ctor", null, Function = "new TaskCompletionSource")]
    public static class CreateOf
    {
        /// <summary>Runs after the constructor.</summary>
        public static void Postfix<TResult>(TaskCompletionSource<TResult> __result, DeptSite __site)
        {
            try
            {
                if (__result is not null)
                {
                    DeptSources.Track(__result, __result.Task, TaskSourceProbe.Of<TResult>(), __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }
}
