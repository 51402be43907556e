using Dept.Core.Annotations;
using Dept.Core.Classes;
using Dept.Core.Reports;

namespace Dept.Core.Snapshots;

/// <summary>A class of a <see cref="GraphUnion"/>: what an engine's <c>DeptClass</c> would hold after the imports.</summary>
internal sealed class UnionClass
{
    public UnionClass(string name, int subId, bool isCallSite)
    {
        Name = name;
        SubId = subId;
        IsCallSite = isCallSite;
        // The engine's stable id (DeptClass), formatted once per class instead of once per point that names it.
        Id = StableHash.Hex(StableHash.Of($"{name}:{subId}"));
    }

    public string Name { get; }

    public int SubId { get; }

    public bool IsCallSite { get; }

    public string Id { get; }

    /// <summary>Gets the engine's event type of the class, which follows from its sub id.</summary>
    public DeptEventType EventType => (DeptEventType)(SubId / DeptKey.MaxUserSubclasses);

    /// <summary>
    /// Gets or sets the first explicit dependency's event point that had a location: the "site that fires this event"
    /// an engine remembers per class (<c>DeptClass.EventSite</c>, set once on import).
    /// </summary>
    public DeptReportPoint? EventPoint { get; set; }

    /// <summary>
    /// Gets or sets the point an explicit dependency's event is shown at, made for <see cref="EventPoint"/> as it was
    /// then (<see cref="ReleaseFor"/>): one object for all of the class's dependencies.
    /// </summary>
    public DeptReportPoint? Release { get; set; }

    /// <summary>Gets or sets the <see cref="EventPoint"/> <see cref="Release"/> was made for.</summary>
    public DeptReportPoint? ReleaseFor { get; set; }

    /// <summary>Gets the label a fingerprint is made of (<c>DeptClass.ToString</c>).</summary>
    public string Label => $"{Name}:{SubId}";
}
