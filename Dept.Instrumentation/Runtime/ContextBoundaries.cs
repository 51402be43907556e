using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Wraps a delegate handed to the thread pool, a timer or a new thread so that it starts a new Dept context id
/// (<see cref="DeptContext.NewContext"/>) before the user's code, the analogue of DEPT's per-work-item context.
/// Waits of one work item are then never charged to an event fired by the next one on the same pool thread.
/// Wrapping allocates one closure per work item and only while an engine runs.
/// </summary>
internal static class ContextBoundaries
{
    private static readonly DeptSite s_threadExitSite = DeptSite.Create("Thread exit", member: null, file: null, line: 0);

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
        Enter();
        action();
    };

    /// <summary>Wraps a work item with a result (also covers <c>Func&lt;Task&gt;</c>: its first segment is the item).</summary>
    public static Func<T> Wrap<T>(Func<T> function) => () =>
    {
        Enter();
        return function();
    };

    /// <summary>Wraps a work item with a state argument.</summary>
    public static Action<T> Wrap<T>(Action<T> action) => state =>
    {
        Enter();
        action(state);
    };

    /// <summary>Wraps a work item with a state argument and a result.</summary>
    public static Func<TState, TResult> Wrap<TState, TResult>(Func<TState, TResult> function) => state =>
    {
        Enter();
        return function(state);
    };

    /// <summary>Wraps a thread-pool callback.</summary>
    public static WaitCallback Wrap(WaitCallback callback) => state =>
    {
        Enter();
        callback(state);
    };

    /// <summary>Wraps a timer callback: every tick is a new context.</summary>
    public static TimerCallback Wrap(TimerCallback callback) => state =>
    {
        Enter();
        callback(state);
    };

    /// <summary>Wraps a thread body: a new context, and the thread's exit is the event <c>Thread.Join</c> waits for.</summary>
    public static ThreadStart Wrap(ThreadStart start) => () =>
    {
        Enter();
        try
        {
            start();
        }
        finally
        {
            ThreadExit();
        }
    };

    /// <summary>Wraps a parameterized thread body.</summary>
    public static ParameterizedThreadStart Wrap(ParameterizedThreadStart start) => state =>
    {
        Enter();
        try
        {
            start(state);
        }
        finally
        {
            ThreadExit();
        }
    };

    private static void Enter()
    {
        try
        {
            DeptContext.NewContext();
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

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
