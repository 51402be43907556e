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
}
