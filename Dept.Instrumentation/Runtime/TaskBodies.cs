using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The body of a task started by <c>Task.Run</c> or <c>TaskFactory.StartNew</c> with a synchronous delegate, wrapped
/// as a work item that runs in the body context of the task's completion (<see cref="DeptSdt.BodyEnter"/>), whose class
/// is the starting call's site (<c>Task.Run@Jobs.cs:20</c>). The wrapper is the task's own delegate target, so a waiter
/// finds the class from the task (<see cref="SiteOf"/>) and nothing is registered per task: a body costs a work item's
/// context, one held entry and, at its end, one table lookup for a waiter's map (<c>WorkItemBenchmarks</c>).
/// </summary>
internal abstract class TaskBodies
{
    private static readonly DeptSite s_endSite = DeptSite.Create("Task body end", member: null, file: null, line: 0);
    private static bool s_noAction;
    private static bool s_noCurrentTask;

    private TaskBodies(DeptSite site) => Site = site;

    /// <summary>Where the task was started.</summary>
    public DeptSite Site { get; }

    // A site is what classes the task; without one (a prefix called by hand) the body is a plain work item, and the
    // task's completion fires where the runtime completes it, after the item's context ended.

    /// <summary>Wraps a task's body.</summary>
    public static Action Wrap(Action action, DeptSite? site)
        => site is null ? ContextBoundaries.Wrap(action) : new OfAction(action, site).Invoke;

    /// <summary>Wraps a task's body with a result.</summary>
    public static Func<T> Wrap<T>(Func<T> function, DeptSite? site)
        => site is null ? ContextBoundaries.Wrap(function) : new OfFunc<T>(function, site).Invoke;

    /// <summary>Wraps a task's body with a state argument.</summary>
    public static Action<object?> Wrap(Action<object?> action, DeptSite? site)
        => site is null ? ContextBoundaries.Wrap(action) : new OfStateAction(action, site).Invoke;

    /// <summary>Wraps a task's body with a state argument and a result.</summary>
    public static Func<object?, T> Wrap<T>(Func<object?, T> function, DeptSite? site)
        => site is null ? ContextBoundaries.Wrap(function) : new OfStateFunc<T>(function, site).Invoke;

    /// <summary>The starting site of <paramref name="task"/> if its body is one of these wrappers and has not finished.</summary>
    public static DeptSite? SiteOf(Task task)
    {
        if (s_noAction)
        {
            return null;
        }

        try
        {
            return ActionOf(task)?.Target is TaskBodies body ? body.Site : null;
        }
        catch (MissingFieldException)
        {
            s_noAction = true; // a runtime without the field: such tasks keep the wait site's class
            return null;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_action")]
    private static extern ref Delegate? ActionOf(Task task);

    /// <summary>The task whose body runs on this thread (the runtime's <c>Task.InternalCurrent</c>), or null.</summary>
    private static Task? CurrentTask()
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
            // A runtime without the property: the body is a plain work item, and its task's completion fires where the
            // runtime completes it (the body's waits are lost to its waiters; nothing is invented).
            s_noCurrentTask = true;
            return null;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "get_InternalCurrent")]
    private static extern Task? InternalCurrent(Task? declaringType);

    private (int Enclosing, Task? Task) Enter()
    {
        var enclosing = ContextBoundaries.Enter();
        Task? task = null;
        try
        {
            if (enclosing != 0 && CurrentTask() is { } current)
            {
                DeptRuntime.Current?.BodyEnter(current, SiteKeys.Creation(Site), Site);
                task = current;
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }

        return (enclosing, task);
    }

    private static void Exit((int Enclosing, Task? Task) entered)
    {
        if (entered.Task is { } task)
        {
            try
            {
                Waits.Event(task, s_endSite);
                DeptRuntime.Current?.Release(task, s_endSite);
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }

        ContextBoundaries.Exit(entered.Enclosing);
    }

    private sealed class OfAction(Action inner, DeptSite site) : TaskBodies(site)
    {
        public void Invoke()
        {
            var entered = Enter();
            try
            {
                inner();
            }
            finally
            {
                Exit(entered);
            }
        }
    }

    private sealed class OfFunc<T>(Func<T> inner, DeptSite site) : TaskBodies(site)
    {
        public T Invoke()
        {
            var entered = Enter();
            try
            {
                return inner();
            }
            finally
            {
                Exit(entered);
            }
        }
    }

    private sealed class OfStateAction(Action<object?> inner, DeptSite site) : TaskBodies(site)
    {
        public void Invoke(object? state)
        {
            var entered = Enter();
            try
            {
                inner(state);
            }
            finally
            {
                Exit(entered);
            }
        }
    }

    private sealed class OfStateFunc<T>(Func<object?, T> inner, DeptSite site) : TaskBodies(site)
    {
        public T Invoke(object? state)
        {
            var entered = Enter();
            try
            {
                return inner(state);
            }
            finally
            {
                Exit(entered);
            }
        }
    }
}
