using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Tasks;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.CompilerServices;

/// <summary>
/// Patches for <c>GetAwaiter().GetResult()</c> (also <c>ConfigureAwait(..).GetAwaiter().GetResult()</c>), the
/// sync-over-async idiom. Every <c>await</c> also compiles to <c>GetResult</c>, but the state machine calls it
/// only once the task is complete, so the <c>IsCompleted</c> check tells the two apart: a pending task is a
/// blocking wait, a completed one is not a wait. The receiver is a struct passed by reference; its task comes from
/// the private <c>m_task</c> field through <see cref="UnsafeAccessorAttribute"/>.
/// </summary>
public static class TaskAwaiterPatches
{
    static TaskAwaiterPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>TaskAwaiter.GetResult()</c>.</summary>
    [DeptPatch(typeof(TaskAwaiter), nameof(TaskAwaiter.GetResult))]
    public static class GetResult
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref TaskAwaiter __instance, DeptSite __site)
        {
            try
            {
                if (!__instance.IsCompleted)
                {
                    Block(TaskOf(ref __instance), __site);
                }
                else
                {
                    FlowHandoffs.Completed(TaskOf(ref __instance));
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>TaskAwaiter&lt;TResult&gt;.GetResult()</c>.</summary>
    [DeptPatch(typeof(TaskAwaiter<>), "GetResult")]
    public static class GetResultOf
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<TResult>(ref TaskAwaiter<TResult> __instance, DeptSite __site)
        {
            try
            {
                if (!__instance.IsCompleted)
                {
                    Block(Accessors<TResult>.TaskOf(ref __instance), __site);
                }
                else
                {
                    FlowHandoffs.Completed(Accessors<TResult>.TaskOf(ref __instance));
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>ConfiguredTaskAwaitable.ConfiguredTaskAwaiter.GetResult()</c>.</summary>
    [DeptPatch("System.Runtime.CompilerServices.ConfiguredTaskAwaitable/ConfiguredTaskAwaiter", "GetResult")]
    public static class ConfiguredGetResult
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref ConfiguredTaskAwaitable.ConfiguredTaskAwaiter __instance, DeptSite __site)
        {
            try
            {
                if (!__instance.IsCompleted)
                {
                    Block(TaskOf(ref __instance), __site);
                }
                else
                {
                    FlowHandoffs.Completed(TaskOf(ref __instance));
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>ConfiguredTaskAwaitable&lt;TResult&gt;.ConfiguredTaskAwaiter.GetResult()</c>.</summary>
    [DeptPatch("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1/ConfiguredTaskAwaiter", "GetResult")]
    public static class ConfiguredGetResultOf
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<TResult>(ref ConfiguredTaskAwaitable<TResult>.ConfiguredTaskAwaiter __instance, DeptSite __site)
        {
            try
            {
                if (!__instance.IsCompleted)
                {
                    Block(Accessors<TResult>.TaskOf(ref __instance), __site);
                }
                else
                {
                    FlowHandoffs.Completed(Accessors<TResult>.TaskOf(ref __instance));
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    private static void Block(Task? task, DeptSite? site) => TaskWaitPatches.Block(task, site, blocks: true, timed: false);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
    private static extern ref Task TaskOf(ref TaskAwaiter awaiter);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
    private static extern ref Task TaskOf(ref ConfiguredTaskAwaitable.ConfiguredTaskAwaiter awaiter);

    private static class Accessors<TResult>
    {
        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
        public static extern ref Task<TResult> TaskOf(ref TaskAwaiter<TResult> awaiter);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
        public static extern ref Task<TResult> TaskOf(ref ConfiguredTaskAwaitable<TResult>.ConfiguredTaskAwaiter awaiter);
    }
}
