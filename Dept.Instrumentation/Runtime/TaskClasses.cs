using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The class of a task's completion by its source, not by the wait site (#9): a <c>TaskCompletionSource</c>'s task
/// is classed by where the source was created (<c>TaskCompletionSource@Account.cs:57</c>), an async method's task by
/// the method (<c>Accounts.Account.ReadBalanceAsync (async)</c>), so waits through a shared helper stay distinct and
/// the class names the user's code. Other tasks keep the wait site's class. Tasks returned by an async lock's acquire
/// are the lock itself: the acquire already recorded their wait.
/// </summary>
/// <remarks>Thread-safe. A TCS costs one table entry while an engine runs; an async method's class is found from the
/// task's runtime type (its state machine) only when something waits on it, once per type.</remarks>
internal static class TaskClasses
{
    private static readonly ConditionalWeakTable<Task, DeptKey> s_sources = new();
    private static readonly ConditionalWeakTable<Task, object> s_acquisitions = new();
    private static readonly ConcurrentDictionary<Type, DeptKey?> s_methods = new();
    private static readonly object s_marker = new();
    private static volatile bool s_anyAcquisitions;

    /// <summary>Records that <paramref name="task"/> completes a source created at <paramref name="site"/>.</summary>
    public static void CreatedAt(Task task, DeptSite? site) => s_sources.AddOrUpdate(task, SiteKeys.For(site));


    /// <summary>
    /// Records that <paramref name="task"/> is an async lock's acquire (its wait is the lock's) when it was not given
    /// to <see cref="DeptLdt.AcquireFlow"/>: those are known from the flow's held set, at no cost per acquire.
    /// </summary>
    public static void Acquisition(Task task)
    {
        s_acquisitions.AddOrUpdate(task, s_marker);
        s_anyAcquisitions = true;
    }

    /// <summary>
    /// Whether <paramref name="task"/> is an async lock's acquire: one the current flow recorded with
    /// <see cref="DeptLdt.AcquireFlow"/> (waits on it happen in that flow), or one marked with <see cref="Acquisition"/>.
    /// </summary>
    public static bool IsAcquisition(Task task)
        => Core.Tracking.DeptRuntime.Current?.IsFlowAcquire(task) == true || (s_anyAcquisitions && s_acquisitions.TryGetValue(task, out _));

    /// <summary>The class key of waits on <paramref name="task"/>: its source's, else the wait site's.</summary>
    public static DeptKey KeyOf(Task task, DeptSite? site)
    {
        if (s_sources.TryGetValue(task, out var source))
        {
            return source;
        }

        if (TaskBodies.SiteOf(task) is { } started)
        {
            return SiteKeys.Creation(started); // Task.Run@Jobs.cs:20: its body is the completion's body context
        }

        return s_methods.GetOrAdd(task.GetType(), AsyncMethodKey) ?? SiteKeys.For(site);
    }

    // The runtime's box of an async method is AsyncTaskMethodBuilder<TResult>.AsyncStateMachineBox<TStateMachine>;
    // the state machine is a nested type of the method's type named <Method>d__N.
    private static DeptKey? AsyncMethodKey(Type type)
    {
        if (!type.IsGenericType || !type.Name.Contains("StateMachineBox", StringComparison.Ordinal))
        {
            return null;
        }

        var machine = type.GetGenericArguments().FirstOrDefault(static t => typeof(IAsyncStateMachine).IsAssignableFrom(t));
        if (machine?.DeclaringType is not { } owner)
        {
            return null;
        }

        var name = machine.Name;
        var close = name.IndexOf('>', StringComparison.Ordinal);
        var method = name.StartsWith('<') && close > 1 ? name[1..close] : name;
        return DeptKey.Named($"{owner.FullName?.Replace('+', '.')}.{method} (async)");
    }
}
