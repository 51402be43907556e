using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;

namespace Dept.Patches.AsyncEx;

/// <summary>
/// Nito.AsyncEx.Tasks' <c>WaitAndUnwrapException</c>, the sync-over-async helper: a blocking wait on the task, as
/// <c>Task.Wait</c>. The task's class is its source (a <c>TaskCompletionSource</c>'s creation site, an async method),
/// not this shared helper, so waits through it stay apart; a lock's own acquire task is no second wait.
/// </summary>
public static class SynchronousPatches
{
    static SynchronousPatches() => DeptPatchSupport.EnsureStarted();

    /// <summary><c>WaitAndUnwrapException(Task[, CancellationToken])</c>.</summary>
    [DeptPatch("Nito.AsyncEx.Synchronous.TaskExtensions", "WaitAndUnwrapException", "System.Threading.Tasks.Task")]
    [DeptPatch("Nito.AsyncEx.Synchronous.TaskExtensions", "WaitAndUnwrapException", "System.Threading.Tasks.Task", "System.Threading.CancellationToken")]
    public static class WaitAndUnwrapException
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Task task, DeptSite __site) => Plumbing.Block(task, __site);
    }

    /// <summary><c>WaitAndUnwrapException&lt;TResult&gt;(Task&lt;TResult&gt;[, CancellationToken])</c>.</summary>
    [DeptPatch("Nito.AsyncEx.Synchronous.TaskExtensions", "WaitAndUnwrapException", "System.Threading.Tasks.Task`1<!!0>")]
    [DeptPatch("Nito.AsyncEx.Synchronous.TaskExtensions", "WaitAndUnwrapException", "System.Threading.Tasks.Task`1<!!0>", "System.Threading.CancellationToken")]
    public static class WaitAndUnwrapExceptionOf
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<TResult>(Task<TResult> task, DeptSite __site) => Plumbing.Block(task, __site);
    }
}
