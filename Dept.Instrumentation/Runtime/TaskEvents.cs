using System.Runtime.CompilerServices;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Makes a task's completion a Dept event, whoever completes it (a <c>TaskCompletionSource</c>, an async method's
/// builder, a thread-pool work item). When a context first blocks on a pending task, a synchronous continuation is
/// registered once per task: it runs on the completing thread, inside the completer's context, at the moment of
/// completion, which is exactly DEPT's <c>try_to_wake_up</c> event point. Tasks nobody blocks on cost nothing.
/// </summary>
internal static class TaskEvents
{
    private static readonly ConditionalWeakTable<Task, object> s_watched = new();
    private static readonly object s_marker = new();

    /// <summary>Records a blocking wait of the current context on <paramref name="task"/> if it is not complete.</summary>
    /// <returns>Whether a wait was recorded.</returns>
    public static bool Block(Task task, Core.Annotations.DeptSite? site, bool timeout)
    {
        if (task.IsCompleted || TaskClasses.IsAcquisition(task))
        {
            return false;
        }

        Waits.Block(task, "Task", site, timeout, TaskClasses.KeyOf(task, site));
        Watch(task);
        return true;
    }

    /// <summary>
    /// Records that the current flow awaits <paramref name="task"/> (pending): a wait of the async locks the flow holds
    /// (#9). Nothing when it holds none, or when the task is an async lock's own acquire.
    /// </summary>
    public static void Await(Task task, Core.Annotations.DeptSite? site, bool timeout)
    {
        // With no engine running, nothing is looked up or watched: no map per awaited task in an untracked run.
        if (task.IsCompleted || TaskClasses.IsAcquisition(task) || Core.Tracking.DeptRuntime.Current is not { } engine)
        {
            return;
        }

        engine.AwaitFlow(InstanceMaps.Get(task, "Task"), site, timeout, TaskClasses.KeyOf(task, site));
        Watch(task);
    }

    /// <summary>Makes the completion of <paramref name="task"/> an event (once per task).</summary>
    public static void Watch(Task task)
    {
        if (s_watched.TryGetValue(task, out _))
        {
            return;
        }

        if (!s_watched.TryAdd(task, s_marker))
        {
            return;
        }

        // Without SuppressFlow the continuation would run in the waiter's ExecutionContext, and a context id carried
        // there would charge the waiter instead of the completer.
        var restore = !ExecutionContext.IsFlowSuppressed();
        var flow = restore ? ExecutionContext.SuppressFlow() : default;
        try
        {
            task.ContinueWith(
                static t => Fire(t),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        finally
        {
            if (restore)
            {
                flow.Undo();
            }
        }
    }

    private static void Fire(Task task)
    {
        try
        {
            Waits.Event(task, site: null);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
