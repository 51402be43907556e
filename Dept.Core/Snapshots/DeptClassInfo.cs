using Dept.Core.Classes;

namespace Dept.Core.Snapshots;

/// <summary>A class in a document.</summary>
public sealed record DeptClassInfo
{
    /// <summary>Gets the stable id (16 hex digits): a hash of name and subclass id, equal across runs.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the class name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the subclass id (user subclass + 8 x event type).</summary>
    public int SubId { get; init; }

    /// <summary>Gets the event type.</summary>
    public DeptEventType EventType { get; init; }

    /// <summary>Gets whether the class stands for a call site.</summary>
    public bool IsCallSite { get; init; }
}
