using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Tasks;

/// <summary>
/// Patches for <c>Task.WhenAll</c>/<c>Task.WhenAny</c> (#9): when the calling flow holds an async lock, the combined
/// task remembers its children, so awaiting it is a wait on each pending child (each classed by its own source) rather
/// than on a combinator nobody completes by name. <c>WhenAny</c>'s children are alternate wakers: timed waits.
/// </summary>
public static class TaskCombinatorPatches
{
    static TaskCombinatorPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>WhenAll(params Task[])</c>, <c>WhenAll(IEnumerable&lt;Task&gt;)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WhenAll), typeof(Task[]))]
    [DeptPatch(typeof(Task), nameof(Task.WhenAll), typeof(IEnumerable<Task>))]
    public static class WhenAll
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(object tasks, Task __result) => Remember(__result, tasks as IEnumerable<Task>, any: false);
    }

    /// <summary><c>WhenAll(params ReadOnlySpan&lt;Task&gt;)</c>, which C# 13 prefers for <c>Task.WhenAll(a, b)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WhenAll), typeof(ReadOnlySpan<Task>))]
    public static class WhenAllSpan
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(ReadOnlySpan<Task> tasks, Task __result)
        {
            try
            {
                Combinators.Remember(__result, tasks, any: false);
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>WhenAll&lt;TResult&gt;(params Task&lt;TResult&gt;[])</c>.</summary>
    [DeptPatch("System.Threading.Tasks.Task", "WhenAll", "System.Threading.Tasks.Task`1<!!0>[]")]
    public static class WhenAllOf
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<TResult>(Task<TResult>[] tasks, Task<TResult[]> __result) => Remember(__result, tasks, any: false);
    }

    /// <summary><c>WhenAny(params Task[])</c>, <c>WhenAny(IEnumerable&lt;Task&gt;)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WhenAny), typeof(Task[]))]
    [DeptPatch(typeof(Task), nameof(Task.WhenAny), typeof(IEnumerable<Task>))]
    public static class WhenAny
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(object tasks, Task<Task> __result) => Remember(__result, tasks as IEnumerable<Task>, any: true);
    }

    /// <summary><c>WhenAny(Task, Task)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WhenAny), typeof(Task), typeof(Task))]
    public static class WhenAnyPair
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(Task task1, Task task2, Task<Task> __result) => Remember(__result, [task1, task2], any: true);
    }

    private static void Remember(Task? combined, IEnumerable<Task>? tasks, bool any)
    {
        try
        {
            Combinators.Remember(combined, tasks, any);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
