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
    /// Wraps a thread body: a work item whose end is the event <c>Thread.Join</c> waits for, run in the body context of
    /// that event when <paramref name="site"/>, where the thread is created, is known (see <see cref="ThreadBodies"/>).
    /// </summary>
    public static ThreadStart Wrap(ThreadStart start, DeptSite? site) => () =>
    {
        var enclosing = Enter();
        var body = ThreadBodies.EnterThread(site);
        try
        {
            start();
        }
        finally
        {
            ThreadBodies.ExitThread(body);
            Exit(enclosing);
        }
    };

    /// <summary>Wraps a parameterized thread body (see <see cref="Wrap(ThreadStart, DeptSite?)"/>).</summary>
    public static ParameterizedThreadStart Wrap(ParameterizedThreadStart start, DeptSite? site) => state =>
    {
        var enclosing = Enter();
        var body = ThreadBodies.EnterThread(site);
        try
        {
            start(state);
        }
        finally
        {
            ThreadBodies.ExitThread(body);
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

    /// <summary>Ends a work item's context: the thread goes on in the one <see cref="Enter"/> returned.</summary>
    internal static void Exit(int enclosing)
    {
        if (enclosing == 0)
        {
            return;
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
}
