namespace Dept.Core.Tracking;

/// <summary>
/// What a dependency's report needs, stored by value in <see cref="EdgeRecordStore"/>: sites, stack and threads as
/// ids into shared tables, so a record is 48 bytes with no object of its own and nothing for the GC to trace.
/// </summary>
internal struct EdgeRecord
{
    public int From;
    public int To;

    /// <summary><see cref="Annotations.DeptSite.Id"/> of the event context's start (or the request of an implicit one); 0: none.</summary>
    public int StartSite;

    /// <summary>Site id of the wait.</summary>
    public int WaitSite;

    /// <summary>Site id of the event of an implicit context.</summary>
    public int EventSite;

    /// <summary>Id in the engine's <see cref="StackTable"/>; 0: no stack.</summary>
    public int Stack;

    /// <summary>Id in the engine's name table of the thread that saw the edge; 0: unknown.</summary>
    public int Thread;

    /// <summary>Name id of the waiter that requested the event (implicit contexts).</summary>
    public int RequestThread;

    /// <summary>UTC ticks of the first sighting.</summary>
    public long FirstSeenTicks;

    /// <summary>Whether every wait seen for this edge so far was bounded by a timeout.</summary>
    public bool Timeout;

    public bool Implicit;
}
