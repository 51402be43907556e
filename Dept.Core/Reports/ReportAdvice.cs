namespace Dept.Core.Reports;

/// <summary>
/// One line saying what usually fixes a report, printed after its text (<c>advice: ...</c>) by the run summary,
/// <c>dept test</c>, <c>dept show</c> and the viewer: the user reads it mid-failure, when nobody opens
/// docs/how-to/read-a-report.md. One slot per <see cref="DeptReportKind"/>; a kind without one gets the pointer to
/// that page.
/// </summary>
public static class ReportAdvice
{
    /// <summary>The page that explains every report kind in full.</summary>
    public const string Page = "docs/how-to/read-a-report.md";

    /// <summary>Returns the advice for <paramref name="report"/>, one line without the <c>advice: </c> prefix.</summary>
    public static string For(DeptReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Kind switch
        {
            DeptReportKind.AADeadlock =>
                "one class waits for its own event: two instances nest (order them, e.g. by id) or the class is too coarse (split it: own field, or DeptLdt with a subclass)",
            DeptReportKind.TimeoutCircularDependency =>
                "a wait on this cycle has a timeout, so it ends when the timeout expires: check the timeout is intended, else break the cycle as for a deadlock",
            DeptReportKind.ActualDeadlock =>
                "these threads are blocked now: take a dump (dotnet-dump collect -p <pid>) before restarting; fix as for a predicted cycle (one lock order, no blocking wait under a lock)",
            DeptReportKind.UnreachableEvent =>
                "nothing can fire this wait's event any more: make every path (errors, cancellation, disposal) signal or complete it, or bound the wait",
            DeptReportKind.NeverFiredEvent =>
                "nothing fired this event during the run: check that its signalling path runs, or that the wait is meant to end some other way",
            DeptReportKind.Deadlock when AllLocks(report) =>
                "take these locks in one global order everywhere (or hold one at a time); if the classes are too coarse, split one (own field, or DeptLdt with a subclass)",
            DeptReportKind.Deadlock =>
                "do not block on a task/event while holding a lock: release it before waiting (or await), or complete the task/event outside the lock",
            _ => $"see {Page}",
        };
    }

    /// <summary>
    /// Every event on the cycle is a lock release: a plain lock-order inversion. Completions (<c>SetResult</c>,
    /// <c>Set</c>, a task finishing) make it a wait-under-lock instead. Lock events are named <c>...Exit...</c> or
    /// <c>release(...)</c> by the lock patches (docs/reference/patches.md).
    /// </summary>
    private static bool AllLocks(DeptReport report) =>
        report.Contexts.Count > 0 && report.Contexts.All(static c => IsRelease(c.Event.Function));

    private static bool IsRelease(string function) =>
        function.Contains("Exit", StringComparison.Ordinal) || function.StartsWith("release", StringComparison.Ordinal)
        || function.Contains("Release", StringComparison.Ordinal) || function.Contains("Unlock", StringComparison.Ordinal)
        || function.Contains(".Dispose", StringComparison.Ordinal);
}
