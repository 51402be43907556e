using System.Runtime.CompilerServices;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The tasks behind a <c>Task.WhenAll</c>/<c>WhenAny</c> task, remembered only when the calling flow holds an async
/// lock (#9): an <c>await</c> of the combined task is then a wait on each pending child (every child for
/// <c>WhenAll</c>; for <c>WhenAny</c> each is an alternate waker, a timed wait).
/// </summary>
internal static class Combinators
{
    private static readonly ConditionalWeakTable<Task, Combined> s_combined = new();

    /// <summary>Remembers the children of <paramref name="combined"/> if the current flow holds an async lock.</summary>
    public static void Remember(Task? combined, ReadOnlySpan<Task> children, bool any)
    {
        if (combined is null || combined.IsCompleted || Core.Tracking.DeptRuntime.Current is not { FlowHoldsLocks: true })
        {
            return;
        }

        s_combined.AddOrUpdate(combined, new Combined([.. children], any));
    }

    /// <summary>Remembers the children of <paramref name="combined"/> (a materialized collection only: a lazy sequence is never enumerated twice).</summary>
    public static void Remember(Task? combined, IEnumerable<Task>? children, bool any)
    {
        if (children is Task[] array)
        {
            Remember(combined, array, any);
        }
        else if (children is ICollection<Task> or IReadOnlyCollection<Task>)
        {
            Remember(combined, [.. children], any);
        }
    }

    /// <summary>Records the current flow's await of <paramref name="task"/>: of its children when it is a combinator.</summary>
    public static void Await(Task task, Core.Annotations.DeptSite? site)
    {
        if (Core.Tracking.DeptRuntime.Current is not { FlowHoldsLocks: true })
        {
            return;
        }

        if (s_combined.TryGetValue(task, out var combined))
        {
            foreach (var child in combined.Children)
            {
                if (child is not null)
                {
                    TaskEvents.Await(child, site, timeout: combined.Any);
                }
            }

            return;
        }

        TaskEvents.Await(task, site, timeout: false);
    }

    private sealed record Combined(Task[] Children, bool Any);
}
