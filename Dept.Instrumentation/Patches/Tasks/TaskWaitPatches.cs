using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Tasks;

/// <summary>
/// Patches for blocking on a <see cref="Task"/>: <c>Task.Wait</c> overloads, <c>Task&lt;T&gt;.Result</c>,
/// <c>Task.WaitAll</c>/<c>WaitAny</c>. A wait only when the task is not yet complete; its class is the wait call
/// site (DEPT's per-caller completion key), and the event is the task's completion, whoever completes it
/// (<see cref="TaskEvents"/>). <c>WaitAny</c> records alternate-waker (timed) waits, as <c>WaitHandle.WaitAny</c>.
/// </summary>
public static class TaskWaitPatches
{
    static TaskWaitPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Task.Wait()</c>, <c>Task.Wait(CancellationToken)</c>, <c>Task&lt;T&gt;.Result</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.Wait))]
    [DeptPatch(typeof(Task), nameof(Task.Wait), typeof(CancellationToken))]
    [DeptPatch(typeof(Task<>), "get_Result")]
    public static class Wait
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Task __instance, DeptSite __site) => Block(__instance, __site, blocks: true, timed: false);
    }

    /// <summary><c>Task.Wait(int)</c> and <c>Task.Wait(int, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.Wait), typeof(int))]
    [DeptPatch(typeof(Task), nameof(Task.Wait), typeof(int), typeof(CancellationToken))]
    public static class WaitMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Task __instance, int millisecondsTimeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>Task.Wait(TimeSpan)</c> and <c>Task.Wait(TimeSpan, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.Wait), typeof(TimeSpan))]
    [DeptPatch(typeof(Task), nameof(Task.Wait), typeof(TimeSpan), typeof(CancellationToken))]
    public static class WaitTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Task __instance, TimeSpan timeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary><c>Task.WaitAll(Task[])</c> and <c>Task.WaitAll(Task[], CancellationToken)</c>: a wait on every pending task.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WaitAll), typeof(Task[]))]
    [DeptPatch(typeof(Task), nameof(Task.WaitAll), typeof(Task[]), typeof(CancellationToken))]
    public static class WaitAll
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Task[] tasks, DeptSite __site) => BlockAll(tasks, __site, blocks: true, timed: false);
    }

    /// <summary><c>Task.WaitAll(Task[], int[, CancellationToken])</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WaitAll), typeof(Task[]), typeof(int))]
    [DeptPatch(typeof(Task), nameof(Task.WaitAll), typeof(Task[]), typeof(int), typeof(CancellationToken))]
    public static class WaitAllMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Task[] tasks, int millisecondsTimeout, DeptSite __site)
            => BlockAll(tasks, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>Task.WaitAll(Task[], TimeSpan)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WaitAll), typeof(Task[]), typeof(TimeSpan))]
    public static class WaitAllTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Task[] tasks, TimeSpan timeout, DeptSite __site)
            => BlockAll(tasks, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary><c>Task.WaitAll(params ReadOnlySpan&lt;Task&gt;)</c>, which C# 13 prefers for <c>Task.WaitAll(a, b)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WaitAll), typeof(ReadOnlySpan<Task>))]
    public static class WaitAllSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReadOnlySpan<Task> tasks, DeptSite __site)
        {
            foreach (var task in tasks)
            {
                Block(task, __site, blocks: true, timed: false);
            }
        }
    }

    /// <summary>
    /// <c>Task.WaitAll(IEnumerable&lt;Task&gt;, CancellationToken)</c>: only a materialized collection is read, never a
    /// lazy sequence (enumerating it here would run the caller's iterator twice).
    /// </summary>
    [DeptPatch(typeof(Task), nameof(Task.WaitAll), typeof(IEnumerable<Task>), typeof(CancellationToken))]
    public static class WaitAllEnumerable
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(IEnumerable<Task> tasks, DeptSite __site)
        {
            if (tasks is IReadOnlyCollection<Task> or ICollection<Task>)
            {
                foreach (var task in tasks)
                {
                    Block(task, __site, blocks: true, timed: false);
                }
            }
        }
    }

    /// <summary>Every array <c>Task.WaitAny</c> overload: alternate wakers, recorded as timed waits.</summary>
    [DeptPatch(typeof(Task), nameof(Task.WaitAny), typeof(Task[]))]
    [DeptPatch(typeof(Task), nameof(Task.WaitAny), typeof(Task[]), typeof(int))]
    [DeptPatch(typeof(Task), nameof(Task.WaitAny), typeof(Task[]), typeof(TimeSpan))]
    [DeptPatch(typeof(Task), nameof(Task.WaitAny), typeof(Task[]), typeof(CancellationToken))]
    [DeptPatch(typeof(Task), nameof(Task.WaitAny), typeof(Task[]), typeof(int), typeof(CancellationToken))]
    public static class WaitAny
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Task[] tasks, DeptSite __site)
        {
            // Any completed task ends the wait at once: no wait at all.
            if (tasks is not null && !Array.Exists(tasks, static t => t is { IsCompleted: true }))
            {
                BlockAll(tasks, __site, blocks: true, timed: true);
            }
        }
    }

    internal static void Block(Task? task, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (blocks && task is not null)
            {
                TaskEvents.Block(task, site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void BlockAll(Task[]? tasks, DeptSite? site, bool blocks, bool timed)
    {
        if (tasks is null)
        {
            return;
        }

        foreach (var task in tasks)
        {
            Block(task, site, blocks, timed);
        }
    }
}
