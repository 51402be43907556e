using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.CompilerServices;

/// <summary>
/// Patches for the awaiters' <c>IsCompleted</c>, which every <c>await</c> of a task calls before it suspends (#9).
/// A pending task awaited by a flow that holds an async lock is a wait of that flow: "async lock held while awaiting
/// a completion whose completer needs that lock's class" becomes a cycle. A flow holding nothing records nothing
/// (its suspension blocks no thread): the check costs one thread-static read.
/// </summary>
public static class AwaitPatches
{
    static AwaitPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>TaskAwaiter.IsCompleted</c>.</summary>
    [DeptPatch(typeof(TaskAwaiter), "get_IsCompleted", Function = "await")]
    public static class IsCompleted
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(ref TaskAwaiter __instance, bool __result, DeptSite __site)
        {
            if (!__result)
            {
                Await(Accessors.TaskOf(ref __instance), __site);
            }
        }
    }

    /// <summary><c>TaskAwaiter&lt;TResult&gt;.IsCompleted</c>.</summary>
    [DeptPatch(typeof(TaskAwaiter<>), "get_IsCompleted", Function = "await")]
    public static class IsCompletedOf
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<TResult>(ref TaskAwaiter<TResult> __instance, bool __result, DeptSite __site)
        {
            if (!__result)
            {
                Await(Accessors<TResult>.TaskOf(ref __instance), __site);
            }
        }
    }

    /// <summary><c>ConfiguredTaskAwaitable.ConfiguredTaskAwaiter.IsCompleted</c>.</summary>
    [DeptPatch("System.Runtime.CompilerServices.ConfiguredTaskAwaitable/ConfiguredTaskAwaiter", "get_IsCompleted", Function = "await")]
    public static class ConfiguredIsCompleted
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(ref ConfiguredTaskAwaitable.ConfiguredTaskAwaiter __instance, bool __result, DeptSite __site)
        {
            if (!__result)
            {
                Await(Accessors.TaskOf(ref __instance), __site);
            }
        }
    }

    /// <summary><c>ConfiguredTaskAwaitable&lt;TResult&gt;.ConfiguredTaskAwaiter.IsCompleted</c>.</summary>
    [DeptPatch("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1/ConfiguredTaskAwaiter", "get_IsCompleted", Function = "await")]
    public static class ConfiguredIsCompletedOf
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<TResult>(ref ConfiguredTaskAwaitable<TResult>.ConfiguredTaskAwaiter __instance, bool __result, DeptSite __site)
        {
            if (!__result)
            {
                Await(Accessors<TResult>.TaskOf(ref __instance), __site);
            }
        }
    }

    private static void Await(Task? task, DeptSite? site)
    {
        try
        {
            if (task is not null)
            {
                Combinators.Await(task, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static class Accessors
    {
        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
        public static extern ref Task TaskOf(ref TaskAwaiter awaiter);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
        public static extern ref Task TaskOf(ref ConfiguredTaskAwaitable.ConfiguredTaskAwaiter awaiter);
    }

    private static class Accessors<TResult>
    {
        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
        public static extern ref Task<TResult> TaskOf(ref TaskAwaiter<TResult> awaiter);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
        public static extern ref Task<TResult> TaskOf(ref ConfiguredTaskAwaitable<TResult>.ConfiguredTaskAwaiter awaiter);
    }
}
