namespace DmaBuf.Scenarios.Running;

/// <summary>What a scenario must produce.</summary>
public enum ScenarioExpectation
{
    /// <summary>A Dept report: a wait/event cycle among classes (DEADLOCK or AA DEADLOCK).</summary>
    DeptCycle,

    /// <summary>A Dept report and a contract violation the model itself detects.</summary>
    DeptCycleAndWarning,

    /// <summary>Not a wait/event cycle: a contract violation the model itself detects (its warning counter).</summary>
    ModelWarning,

    /// <summary>A Dept unreachable-event report: a wait whose event can no longer fire (its source or signaller is gone).</summary>
    DeptUnreachable,

    /// <summary>A Dept unreachable-event report and the model's own warning for the same lifetime bug.</summary>
    DeptUnreachableAndWarning,

    /// <summary>Nothing: no report, no warning.</summary>
    Clean,
}
