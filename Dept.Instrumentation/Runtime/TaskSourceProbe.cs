using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Lifetimes;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Reads a <c>TaskCompletionSource</c>'s task for the abandoned-source check: completed or not, the map its blocking
/// waits were recorded on (<see cref="InstanceMaps"/>), and its pending continuations, read from the task's private
/// continuation slot only when a report is being made (an <c>await</c> leaves its state machine there).
/// </summary>
internal sealed class TaskSourceProbe : IDeptSourceProbe
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, TaskSourceProbe> s_byType = new();
    private static readonly System.Reflection.FieldInfo? s_action = typeof(Task).GetField("m_action", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
    private readonly string _sourceName;

    private TaskSourceProbe(string sourceName) => _sourceName = sourceName;

    /// <summary>The probe of a non-generic <see cref="TaskCompletionSource"/>.</summary>
    public static TaskSourceProbe NonGeneric { get; } = new("TaskCompletionSource");

    /// <summary>Returns the probe of a <c>TaskCompletionSource&lt;T&gt;</c> type (or a type derived from one), made once per type.</summary>
    public static TaskSourceProbe For(Type sourceType) => s_byType.GetOrAdd(sourceType, static t =>
    {
        var tcs = t;
        while (tcs is not null && !(tcs.IsGenericType && tcs.GetGenericTypeDefinition() == typeof(TaskCompletionSource<>)))
        {
            tcs = tcs.BaseType;
        }

        return new TaskSourceProbe(tcs is null ? t.Name : $"TaskCompletionSource<{tcs.GetGenericArguments()[0].Name}>");
    });

    public bool IsCompleted(object waitable) => ((Task)waitable).IsCompleted;

    public DeptMap? MapOf(object waitable) => InstanceMaps.TryGet(waitable, out var map) ? map : null;

    public IReadOnlyList<string> Continuations(object waitable)
    {
        var task = (Task)waitable;
        var found = new List<string>();
        var slot = ContinuationSlot(task);
        var tracked = InstanceMaps.TryGet(task, out _);
        foreach (var continuation in Flatten(slot))
        {
            var machine = StateMachineOf(continuation);
            if (machine is not null)
            {
                found.Add($"await in {Describe(machine)}");
            }
            else if (continuation.GetType().Name == "SetOnInvokeMres")
            {
                // The runtime's wake-up of a thread blocked in Task.Wait: already a context when Dept recorded the wait.
                if (!tracked)
                {
                    found.Add("a thread blocked in Task.Wait (uninstrumented call site)");
                }
            }
            else if (!IsDeptOwn(continuation))
            {
                found.Add($"continuation {continuation.GetType().Name}");
            }
        }

        return found;
    }

    public string EventFunction(object waitable) => _sourceName + ".SetResult";

    // A task some thread blocked on carries Dept's own completion continuation (TaskEvents.Watch's ContinueWith): not a
    // waiter. Its wrapper holds the continuation task, whose action is a method of TaskEvents. Read only when reporting.
    private static bool IsDeptOwn(object continuation)
    {
        foreach (var field in continuation.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic))
        {
            if (field.GetValue(continuation) is Task inner && ActionOf(inner) is Delegate action)
            {
                var owner = action.Method.DeclaringType;
                return owner == typeof(TaskEvents) || owner?.DeclaringType == typeof(TaskEvents);
            }
        }

        return false;
    }

    private static Delegate? ActionOf(Task task) => s_action?.GetValue(task) as Delegate;

    private static IEnumerable<object> Flatten(object? slot)
    {
        switch (slot)
        {
            case null:
                yield break;
            case List<object?> list:
                object?[] copy;
                lock (list)
                {
                    copy = [.. list];
                }

                foreach (var item in copy)
                {
                    if (item is not null)
                    {
                        yield return item;
                    }
                }

                break;
            default:
                // The completed-sentinel is a plain object; a completed task never reaches the probe.
                if (slot.GetType() != typeof(object))
                {
                    yield return slot;
                }

                break;
        }
    }

    // An await leaves either the state-machine box itself, or a delegate whose target is the box (or a wrapper of it).
    private static Type? StateMachineOf(object continuation)
    {
        var candidate = continuation is Delegate d ? d.Target : continuation;
        for (var depth = 0; candidate is not null && depth < 3; depth++)
        {
            var found = FindStateMachineType(candidate.GetType());
            if (found is not null)
            {
                return found;
            }

            candidate = candidate is IAsyncStateMachine ? null : FirstDelegateTarget(candidate);
        }

        return null;
    }

    private static Type? FindStateMachineType(Type type)
    {
        if (typeof(IAsyncStateMachine).IsAssignableFrom(type))
        {
            return type;
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                if (typeof(IAsyncStateMachine).IsAssignableFrom(argument))
                {
                    return argument;
                }
            }
        }

        return null;
    }

    // Continuation wrappers (context-capturing awaits) keep the inner delegate in a field; follow one level.
    private static object? FirstDelegateTarget(object wrapper)
    {
        foreach (var field in wrapper.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public))
        {
            if (typeof(Delegate).IsAssignableFrom(field.FieldType) && field.GetValue(wrapper) is Delegate inner)
            {
                return inner.Target;
            }
        }

        return null;
    }

    // "Orders.Checkout.<RunAsync>d__3" -> "Orders.Checkout.RunAsync"
    private static string Describe(Type machine)
    {
        var name = machine.Name;
        var open = name.IndexOf('<', StringComparison.Ordinal);
        var close = name.IndexOf('>', StringComparison.Ordinal);
        var method = open >= 0 && close > open ? name[(open + 1)..close] : name;
        var owner = machine.DeclaringType?.FullName?.Replace('+', '.');
        return owner is null ? method : $"{owner}.{method}";
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_continuationObject")]
    private static extern ref object? ContinuationSlot(Task task);
}
