using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The body of a thread or of a task started by rewritten code (<c>new Thread</c>, <c>Task.Run</c>,
/// <c>TaskFactory.StartNew</c>) is on its way to the thread's exit or the task's completion from its first
/// instruction: it runs inside an explicit event context of that event, whose class is the creation site
/// (<c>Thread@Jobs.cs:12</c>, <c>Task.Run@Jobs.cs:20</c>), and <c>Thread.Join</c> and the waits on the task name that
/// class. Every wait of the body is then a dependency of the event however early it comes: a body that took lock A
/// before its creator, holding A, joined it is the same latent deadlock as one that took A after, and both runs give
/// the same graph (with DEPT's request window only the second did: a passing run, where the body got A first, showed
/// nothing).
/// </summary>
/// <remarks>
/// The body's context is entered at nesting 1, so a body may wait for another thread or task created at its own site
/// (a worker joining a sibling) without an AA report. Costs one map and one table entry per thread or task created by
/// rewritten code, only while an engine runs.
/// </remarks>
internal static class CompletionBodies
{
    private static readonly DeptSite s_threadExitSite = DeptSite.Create("Thread exit", member: null, file: null, line: 0);
    private static readonly DeptSite s_taskEndSite = DeptSite.Create("Task body end", member: null, file: null, line: 0);
    private static readonly ConditionalWeakTable<Thread, DeptMap> s_threads = new();

    /// <summary>Classes a new thread by its creation site (its constructor's postfix, before anything can join it).</summary>
    public static void ThreadCreated(Thread thread, DeptSite? site)
    {
        if (thread is not null && site is not null && DeptRuntime.Current is not null)
        {
            ThreadMap(thread, site);
        }
    }

    /// <summary>The exit map of a thread created by rewritten code, if it is one.</summary>
    public static bool TryGetThread(Thread thread, out DeptMap map) => s_threads.TryGetValue(thread, out map!);

    /// <summary>Classes a new task by its creation site (the starting call's postfix, before the caller can wait on it).</summary>
    public static void TaskCreated(Task task, DeptSite? site)
    {
        if (task is not null && site is not null && DeptRuntime.Current is not null)
        {
            TaskClasses.CreatedAt(task, SiteKeys.Creation(site));
        }
    }

    /// <summary>Starts the current thread's body (null: nothing was entered).</summary>
    public static DeptMap? EnterThread(DeptSite site)
    {
        if (DeptRuntime.Current is not { } engine)
        {
            return null;
        }

        var map = ThreadMap(Thread.CurrentThread, site);
        engine.BodyEnter(map, map.Key, site);
        return map;
    }

    /// <summary>Ends the current thread's body: its exit event, then the end of its context.</summary>
    public static void ExitThread(DeptMap map)
    {
        DeptSdt.Event(map, s_threadExitSite);
        DeptSdt.EcxtExit(map, s_threadExitSite);
    }

    /// <summary>Starts the body of the task running on this thread (null: it is no task's body, or nothing tracks).</summary>
    public static (DeptMap Map, Task Task)? EnterTask(DeptSite site)
    {
        if (DeptRuntime.Current is not { } engine || ContextBoundaries.CurrentTask() is not { } task)
        {
            return null;
        }

        // The body may start before the starting call's postfix has classed the task: either one classes it, alike.
        var key = SiteKeys.Creation(site);
        TaskClasses.CreatedAt(task, key);
        var map = InstanceMaps.Get(task, "Task");
        engine.BodyEnter(map, key, site);
        return (map, task);
    }

    /// <summary>
    /// Ends a task's body: its completion event (the runtime completes the task just after, outside the body's context,
    /// where its own completion finds no request left), then the end of its context.
    /// </summary>
    public static void ExitTask((DeptMap Map, Task Task) body)
    {
        DeptSdt.Event(body.Map, s_taskEndSite);
        DeptSdt.EcxtExit(body.Map, s_taskEndSite);
    }

    private static DeptMap ThreadMap(Thread thread, DeptSite site)
        => s_threads.GetValue(thread, _ => new DeptMap(SiteKeys.Creation(site), "Thread", firesOnce: true));
}
