namespace Dept.Core.Reports;

/// <summary>What a report says (DEPT's summary line).</summary>
public enum DeptReportKind
{
    /// <summary>A circular dependency of events across classes: <c>*** DEADLOCK ***</c>.</summary>
    Deadlock,

    /// <summary>A class waiting for its own event: <c>*** AA DEADLOCK ***</c>.</summary>
    AADeadlock,

    /// <summary>A cycle through at least one timeout-bounded wait: a circular dependency, not a deadlock.</summary>
    TimeoutCircularDependency,

    /// <summary>Threads really blocked on each other right now (live attach; not a potential deadlock).</summary>
    ActualDeadlock,

    /// <summary>
    /// A wait whose event can no longer fire: its source was abandoned (collected, disposed or released) while a
    /// waiter, an <c>await</c> continuation or a callback was outstanding, or its only signaller is blocked forever or
    /// gone (live). <c>*** UNREACHABLE EVENT ***</c>; <see cref="DeptReport.Reason"/> says why.
    /// </summary>
    UnreachableEvent,

    /// <summary>
    /// Warning grade: an event class that was waited on during the run and never fired anywhere in it
    /// (<c>*** NEVER FIRED EVENT ***</c>), listed at run end with its wait sites.
    /// </summary>
    NeverFiredEvent,
}
