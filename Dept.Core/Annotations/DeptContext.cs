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
    public static void NewContext() => DeptRuntime.Current?.NewContext();

    /// <summary>Stops tracking on the current thread until the returned scope is disposed (scopes nest).</summary>
    public static SuppressionScope Suppress() => new(DeptRuntime.Current);
}
