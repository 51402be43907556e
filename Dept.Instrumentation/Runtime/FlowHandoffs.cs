using System.Runtime.CompilerServices;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Async locks handed from an async method to its caller (#9): <c>async Task&lt;IDisposable&gt; LockAsync() { await
/// _gate.WaitAsync(); return new Releaser(_gate); }</c> acquires in its own <see cref="ExecutionContext"/>, which does
/// not flow back. When such a method completes while its flow holds async locks, its task carries them; the caller's
/// flow adopts the ones it does not hold yet where it gets the result of its <c>await</c>. Costs nothing until a
/// method first completes holding a lock; then one table lookup per awaited result.
/// </summary>
internal static class FlowHandoffs
{
    private static readonly ConditionalWeakTable<Task, object> s_handed = new();
    private static volatile bool s_any;

    /// <summary>Attaches the current flow's held locks to <paramref name="task"/> (the method's own task) if it holds any.</summary>
    public static void Completing(Task task)
    {
        if (DeptRuntime.Current is not { FlowHoldsLocks: true } engine || engine.CaptureFlow() is not { } held)
        {
            return;
        }

        s_handed.AddOrUpdate(task, held);
        s_any = true;
    }

    /// <summary>Lets the current flow adopt what <paramref name="task"/> handed over.</summary>
    public static void Completed(Task? task)
    {
        if (!s_any || task is null || !s_handed.TryGetValue(task, out var held))
        {
            return;
        }

        DeptRuntime.Current?.AdoptFlow(held);
    }
}
