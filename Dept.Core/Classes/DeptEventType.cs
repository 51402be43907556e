namespace Dept.Core.Classes;

/// <summary>The event type of a class: which event its waits wait for (DEPT's event bits).</summary>
public enum DeptEventType
{
    /// <summary>An exclusive (or write) release; also the event of a plain wait/event map.</summary>
    Exclusive = 0,

    /// <summary>A read release of a reader/writer lock.</summary>
    Read = 1,

    /// <summary>A custom event type of an annotated primitive.</summary>
    Custom = 2,
}
