using Dept.Core.Annotations;

namespace Dept.Core.Classes;

/// <summary>
/// A graph node: one kind of event and the waits for it (DEPT's <c>struct dept_class</c>), identified by a key and
/// a subclass id <c>sub + eventType * 8</c>.
/// </summary>
internal sealed class DeptClass
{
    public DeptClass(int id, DeptKey key, int subId)
    {
        Id = id;
        Key = key;
        SubId = subId;
        EventType = (DeptEventType)(subId / DeptKey.MaxUserSubclasses);
        StableId = StableHash.Of($"{key.Name}:{subId}");
    }

    public int Id { get; }

    public DeptKey Key { get; }

    public int SubId { get; }

    public DeptEventType EventType { get; }

    /// <summary>A hash of name and subclass id: the same class in another run has the same id.</summary>
    public ulong StableId { get; }

    public string Name => Key.Name;

    /// <summary>
    /// The first site seen firing this class's event (a lock release); shown as the [E] of lock contexts. Set once,
    /// so the release path only ever reads it (a field, for <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/>).
    /// </summary>
    public DeptSite? EventSite;

    /// <summary>1 once the wait-history overflow was reported for this class's event.</summary>
    public int WarnedHistory;

    /// <summary>1 once a wait on this class was seen (never-fired check); set once, read at run end.</summary>
    public int Waited;

    /// <summary>1 once an event of this class fired; set once.</summary>
    public int Fired;

    /// <summary>1 once an unreachable-event report named this class's waits (the never-fired check then skips it).</summary>
    public int ReportedUnreachable;

    /// <summary>Waits recorded on this class (for the never-fired report; counted only until it fired).</summary>
    public int WaitCount;

    /// <summary>The first site that waited on this class, and whether that wait was timed.</summary>
    public DeptSite? FirstWaitSite { get; set; }

    /// <summary>The thread of the first wait.</summary>
    public string? FirstWaitThread { get; set; }

    /// <summary>Whether the first wait was bounded by a timeout.</summary>
    public bool FirstWaitTimed { get; set; }

    public override string ToString() => $"{Name}:{SubId}";
}
