namespace Dept.Core.Reports;

/// <summary>Why an event can no longer be reached (the <c>reason</c> of an unreachable-event report).</summary>
public enum DeptUnreachableReason
{
    /// <summary>The source that alone could fire the event was collected by the GC while the event was outstanding.</summary>
    Collected,

    /// <summary>The source was disposed or released (e.g. a fence's last reference put) while the event was outstanding.</summary>
    Released,

    /// <summary>The event class was waited on during the run and never fired anywhere in it (warning grade).</summary>
    NeverFired,

    /// <summary>Live: the only thread that could fire the event is itself blocked forever.</summary>
    SignallerBlocked,

    /// <summary>Live: the only thread that could fire the event has exited.</summary>
    SignallerGone,
}
