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

    public override string ToString() => $"{Name}:{SubId}";
}
