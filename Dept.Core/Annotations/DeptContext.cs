using Dept.Core.Tracking;

namespace Dept.Core.Annotations;

/// <summary>Context boundaries (DEPT's per-syscall and per-work-item context ids) and tracking opt-outs.</summary>
/// <remarks>Thread-safe; both act on the current thread only.</remarks>
public static class DeptContext
{
    /// <summary>
    /// Starts a new context id on the current thread. Call it where an unrelated piece of work begins on a reused
    /// thread (a thread-pool work item, a timer callback): waits of the previous work item then no longer count
    /// toward events fired by the next one.
    /// </summary>
    /// <remarks>
    /// The thread stays in the new context until the next boundary. A scheduler that runs work items on threads that
    /// also run other code (the thread pool's own callbacks, an inline execution inside a waiter) should use
    /// <see cref="EnterWorkItem"/>, which ends the item's context when the item returns.
    /// </remarks>
    public static void NewContext() => DeptRuntime.Current?.NewContext();

    /// <summary>
    /// Runs a work item in its own context, from now until the returned scope is disposed: a new context id and a new
    /// logical flow holding no async lock, as <see cref="NewContext"/>; disposing it restores the context the thread
    /// was in. Waits of the item are then charged only to events fired inside it (fire the item's own completion
    /// before disposing), never to an event that code running later on the same thread fires, and a work item run
    /// inline inside another context (a task inlined into its waiter) leaves that context as it found it.
    /// </summary>
    public static WorkItemScope EnterWorkItem() => new(DeptRuntime.Current);

    /// <summary>Stops tracking on the current thread until the returned scope is disposed (scopes nest).</summary>
    public static SuppressionScope Suppress() => new(DeptRuntime.Current);
}
