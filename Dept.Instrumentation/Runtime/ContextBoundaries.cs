using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Wraps a delegate handed to the thread pool, a timer or a new thread so that it runs as a Dept work item
/// (<see cref="DeptContext.EnterWorkItem"/>), the analogue of DEPT's per-work-item context: a new context id and a new
/// logical flow before the user's code, and the thread's previous context back when the delegate returns. Waits of one
/// work item are then never charged to an event fired by the next one on the same pool thread, nor by the pool's own
/// callbacks that run there later (a timer completing a <c>Task.Delay</c>), and a task inlined into its waiter leaves
/// the waiter's context as it was. Wrapping allocates one closure per work item and only while an engine runs.
/// </summary>
internal static class ContextBoundaries
{
    private static readonly DeptSite s_threadExitSite = DeptSite.Create("Thread exit", member: null, file: null, line: 0);
    private static bool s_noCurrentTask;

    /// <summary>Whether wrapping is worth it: nothing is wrapped when no engine runs. Starts the run on first use.</summary>
    public static bool Active
    {
        get
        {
            DeptInstrumentedRun.EnsureStarted();
            return DeptRuntime.Current is not null;
        }
    }

    /// <summary>Wraps a work item.</summary>
    public static Action Wrap(Action action) => () =>
    {
        var enclosing = Enter();
        try
        {
            action();
        }
        finally
        {
            Exit(enclosing);
        }
    };

    /// <summary>Wraps a work item with a result (also covers <c>Func&lt;Task&gt;</c>: its first segment is the item).</summary>
    public static Func<T> Wrap<T>(Func<T> function) => () =>
    {
        var enclosing = Enter();
        try
        {
            return function();
        }
        finally
        {
            Exit(enclosing);
        }
    };

    /// <summary>Wraps a work item with a state argument.</summary>
    public static Action<T> Wrap<T>(Action<T> action) => state =>
    {
        var enclosing = Enter();
        try
        {
            action(state);
        }
        finally
        {
            Exit(enclosing);
        }
    };

    /// <summary>Wraps a work item with a state argument and a result.</summary>
    public static Func<TState, TResult> Wrap<TState, TResult>(Func<TState, TResult> function) => state =>
    {
        var enclosing = Enter();
        try
        {
            return function(state);
        }
        finally
        {
            Exit(enclosing);
        }
    };

    /// <summary>Wraps a thread-pool callback.</summary>
    public static WaitCallback Wrap(WaitCallback callback) => state =>
    {
        var enclosing = Enter();
        try
        {
            callback(state);
        }
        finally
        {
            Exit(enclosing);
        }
    };

    /// <summary>Wraps a timer callback: every tick is a work item.</summary>
    public static TimerCallback Wrap(TimerCallback callback) => state =>
    {
        var enclosing = Enter();
        try
        {
            callback(state);
        }
        finally
        {
            Exit(enclosing);
        }
    };

    /// <summary>
    /// Wraps a thread body: a work item inside the explicit event context of the thread's exit, whose class is
    /// <paramref name="site"/>, where the thread is created (see <see cref="CompletionBodies"/>).
    /// </summary>
    public static ThreadStart Wrap(ThreadStart start, DeptSite site) => () =>
    {
        var enclosing = Enter();
        var body = EnterThread(site);
        try
        {
            start();
        }
        finally
        {
            ExitThread(body);
            Exit(enclosing);
        }
    };

    /// <summary>Wraps a parameterized thread body (see <see cref="Wrap(ThreadStart, DeptSite)"/>).</summary>
    public static ParameterizedThreadStart Wrap(ParameterizedThreadStart start, DeptSite site) => state =>
    {
        var enclosing = Enter();
        var body = EnterThread(site);
        try
        {
            start(state);
        }
        finally
        {
            ExitThread(body);
            Exit(enclosing);
        }
    };

    /// <summary>
    /// Wraps a thread body whose creation site is unknown: a work item whose end is the event <c>Thread.Join</c> waits
    /// for (a request window, not an event context).
    /// </summary>
    public static ThreadStart Wrap(ThreadStart start) => () =>
    {
        var enclosing = Enter();
        try
        {
            start();
        }
        finally
        {
            ThreadExit();
            Exit(enclosing);
        }
    };

    /// <summary>Wraps a parameterized thread body whose creation site is unknown.</summary>
    public static ParameterizedThreadStart Wrap(ParameterizedThreadStart start) => state =>
    {
        var enclosing = Enter();
        try
        {
            start(state);
        }
        finally
        {
            ThreadExit();
            Exit(enclosing);
        }
    };

    /// <summary>Starts a work item's context; returns the enclosing one to restore (0: nothing to restore).</summary>
    internal static int Enter()
    {
        try
        {
            return DeptRuntime.Current?.EnterWorkItem() ?? 0;
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return 0;
        }
    }

    /// <summary>Ends a work item's context (see <see cref="Enter"/>), firing the completion of the task it is the body of.</summary>
    /// <param name="enclosing">What <see cref="Enter"/> returned.</param>
    /// <param name="fireTask">False when the caller already fired the task's completion (a task body: <see cref="TaskBodies"/>).</param>
    internal static void Exit(int enclosing, bool fireTask = true)
    {
        if (enclosing == 0)
        {
            return;
        }

        try
        {
            // A task's body (Task.Run, StartNew) returns before the task completes, and its completion (TaskEvents)
            // would then run in the restored context, charged with none of the body's waits. The body's end is the
            // completion's real event point, so it is fired here, inside the item's context; the runtime's completion
            // then finds no request left to answer.
            if (fireTask && CurrentTask() is { } task)
            {
                Waits.Event(task, site: null);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }

        try
        {
            DeptRuntime.Current?.ExitContext(enclosing);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static DeptMap? EnterThread(DeptSite site)
    {
        try
        {
            return CompletionBodies.EnterThread(site);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return null;
        }
    }

    private static void ExitThread(DeptMap? body)
    {
        try
        {
            if (body is null)
            {
                Waits.Event(Thread.CurrentThread, s_threadExitSite);
            }
            else
            {
                CompletionBodies.ExitThread(body);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    /// <summary>The task whose body runs on this thread (the runtime's <c>Task.InternalCurrent</c>), or null.</summary>
    internal static Task? CurrentTask()
    {
        if (s_noCurrentTask)
        {
            return null;
        }

        try
        {
            return InternalCurrent(null);
        }
        catch (MissingMethodException)
        {
            // A runtime without the property: completions are then fired where the runtime completes the task,
            // outside the body's context (the waits of a task's body are lost to its waiters, nothing is invented).
            s_noCurrentTask = true;
            return null;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "get_InternalCurrent")]
    private static extern Task? InternalCurrent(Task? declaringType);

    private static void ThreadExit()
    {
        try
        {
            Waits.Event(Thread.CurrentThread, s_threadExitSite);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
