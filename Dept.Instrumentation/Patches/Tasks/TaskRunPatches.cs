using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Tasks;

/// <summary>
/// Context boundaries at <see cref="Task.Run(Action)"/> and <see cref="TaskFactory.StartNew(Action)"/>: the
/// delegate is wrapped so the work item runs in a new Dept context and a new logical flow holding no async lock. A
/// synchronous body also runs in the body context of the task's completion, whose class is the starting call's site
/// (<c>Task.Run@Jobs.cs:20</c>; see <see cref="TaskBodies"/>), found from the task's delegate by whoever waits on it. For an async delegate the wrapped part is its first synchronous segment; each
/// resumption after an <c>await</c> gets its own context from the rewritten state machine
/// (<see cref="CompilerServices.AsyncStateMachinePatches"/>), and the task, which completes with the async method, keeps
/// the class of the async method or of the wait's site.
/// </summary>
public static class TaskRunPatches
{
    static TaskRunPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Task.Run(Action[, CancellationToken])</c> and <c>TaskFactory.StartNew(Action, ...)</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.Run), typeof(Action))]
    [DeptPatch(typeof(Task), nameof(Task.Run), typeof(Action), typeof(CancellationToken))]
    [DeptPatch(typeof(TaskFactory), nameof(TaskFactory.StartNew), typeof(Action))]
    [DeptPatch(typeof(TaskFactory), nameof(TaskFactory.StartNew), typeof(Action), typeof(CancellationToken))]
    [DeptPatch(typeof(TaskFactory), nameof(TaskFactory.StartNew), typeof(Action), typeof(TaskCreationOptions))]
    [DeptPatch(typeof(TaskFactory), nameof(TaskFactory.StartNew), typeof(Action), typeof(CancellationToken), typeof(TaskCreationOptions), typeof(TaskScheduler))]
    public static class RunAction
    {
        /// <summary>Runs before the call: wraps the task's body.</summary>
        public static void Prefix(ref Action action, DeptSite __site)
        {
            try
            {
                if (action is not null && ContextBoundaries.Active)
                {
                    action = TaskBodies.Wrap(action, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>TaskFactory.StartNew(Action&lt;object&gt;, object, ...)</c>.</summary>
    [DeptPatch(typeof(TaskFactory), nameof(TaskFactory.StartNew), typeof(Action<object>), typeof(object))]
    [DeptPatch(typeof(TaskFactory), nameof(TaskFactory.StartNew), typeof(Action<object>), typeof(object), typeof(CancellationToken))]
    [DeptPatch(typeof(TaskFactory), nameof(TaskFactory.StartNew), typeof(Action<object>), typeof(object), typeof(TaskCreationOptions))]
    [DeptPatch(typeof(TaskFactory), nameof(TaskFactory.StartNew), typeof(Action<object>), typeof(object), typeof(CancellationToken), typeof(TaskCreationOptions), typeof(TaskScheduler))]
    public static class StartNewState
    {
        /// <summary>Runs before the call: wraps the task's body.</summary>
        public static void Prefix(ref Action<object?> action, DeptSite __site)
        {
            try
            {
                if (action is not null && ContextBoundaries.Active)
                {
                    action = TaskBodies.Wrap(action, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>Task.Run(Func&lt;Task&gt;[, CancellationToken])</c>.</summary>
    [DeptPatch(typeof(Task), nameof(Task.Run), typeof(Func<Task>))]
    [DeptPatch(typeof(Task), nameof(Task.Run), typeof(Func<Task>), typeof(CancellationToken))]
    public static class RunAsync
    {
        /// <summary>Runs before the call: wraps the work item (the async delegate's first segment).</summary>
        public static void Prefix(ref Func<Task?> function) => WrapWorkItem(ref function);
    }

    /// <summary>
    /// <c>Task.Run&lt;TResult&gt;(Func&lt;TResult&gt;[, CancellationToken])</c> and
    /// <c>TaskFactory.StartNew&lt;TResult&gt;(Func&lt;TResult&gt;, ...)</c>.
    /// </summary>
    [DeptPatch("System.Threading.Tasks.Task", "Run", "System.Func`1<!!0>")]
    [DeptPatch("System.Threading.Tasks.Task", "Run", "System.Func`1<!!0>", "System.Threading.CancellationToken")]
    [DeptPatch("System.Threading.Tasks.TaskFactory", "StartNew", "System.Func`1<!!0>")]
    [DeptPatch("System.Threading.Tasks.TaskFactory", "StartNew", "System.Func`1<!!0>", "System.Threading.CancellationToken")]
    [DeptPatch("System.Threading.Tasks.TaskFactory", "StartNew", "System.Func`1<!!0>", "System.Threading.Tasks.TaskCreationOptions")]
    [DeptPatch("System.Threading.Tasks.TaskFactory", "StartNew", "System.Func`1<!!0>", "System.Threading.CancellationToken", "System.Threading.Tasks.TaskCreationOptions", "System.Threading.Tasks.TaskScheduler")]
    public static class RunFunction
    {
        /// <summary>Runs before the call: wraps the task's body.</summary>
        public static void Prefix<TResult>(ref Func<TResult> function, DeptSite __site)
        {
            try
            {
                if (function is not null && ContextBoundaries.Active)
                {
                    function = TaskBodies.Wrap(function, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>Task.Run&lt;TResult&gt;(Func&lt;Task&lt;TResult&gt;&gt;[, CancellationToken])</c>.</summary>
    [DeptPatch("System.Threading.Tasks.Task", "Run", "System.Func`1<System.Threading.Tasks.Task`1<!!0>>")]
    [DeptPatch("System.Threading.Tasks.Task", "Run", "System.Func`1<System.Threading.Tasks.Task`1<!!0>>", "System.Threading.CancellationToken")]
    public static class RunAsyncFunction
    {
        /// <summary>Runs before the call: wraps the work item (the async delegate's first segment).</summary>
        public static void Prefix<TResult>(ref Func<Task<TResult>?> function) => WrapWorkItem(ref function);
    }

    /// <summary><c>TaskFactory.StartNew&lt;TResult&gt;(Func&lt;object, TResult&gt;, object, ...)</c>.</summary>
    [DeptPatch("System.Threading.Tasks.TaskFactory", "StartNew", "System.Func`2<System.Object,!!0>", "System.Object")]
    [DeptPatch("System.Threading.Tasks.TaskFactory", "StartNew", "System.Func`2<System.Object,!!0>", "System.Object", "System.Threading.CancellationToken")]
    [DeptPatch("System.Threading.Tasks.TaskFactory", "StartNew", "System.Func`2<System.Object,!!0>", "System.Object", "System.Threading.Tasks.TaskCreationOptions")]
    [DeptPatch("System.Threading.Tasks.TaskFactory", "StartNew", "System.Func`2<System.Object,!!0>", "System.Object", "System.Threading.CancellationToken", "System.Threading.Tasks.TaskCreationOptions", "System.Threading.Tasks.TaskScheduler")]
    public static class StartNewStateFunction
    {
        /// <summary>Runs before the call: wraps the task's body.</summary>
        public static void Prefix<TResult>(ref Func<object?, TResult> function, DeptSite __site)
        {
            try
            {
                if (function is not null && ContextBoundaries.Active)
                {
                    function = TaskBodies.Wrap(function, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    private static void WrapWorkItem<TResult>(ref Func<TResult> function)
    {
        try
        {
            if (function is not null && ContextBoundaries.Active)
            {
                function = ContextBoundaries.Wrap(function);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
