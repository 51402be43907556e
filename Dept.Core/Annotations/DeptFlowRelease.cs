namespace Dept.Core.Annotations;

/// <summary>What a release of an async lock found (<see cref="DeptLdt.ReleaseFlow"/>).</summary>
public enum DeptFlowRelease
{
    /// <summary>No engine tracks (stopped, suppressed or none installed).</summary>
    NotTracked,

    /// <summary>The current flow held the instance; its event context is closed.</summary>
    Released,

    /// <summary>Another flow acquired the instance; this release ended that flow's event context (a hand-off or a signal).</summary>
    ReleasedForAnotherFlow,

    /// <summary>No flow holds the instance (e.g. a semaphore created with no free slot, released as a signal).</summary>
    NotHeld,
}
