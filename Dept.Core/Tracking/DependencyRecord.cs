using Dept.Core.Annotations;

namespace Dept.Core.Tracking;

/// <summary>
/// A dependency as first seen, with what its report needs: a readable view of an <see cref="EdgeRecord"/>, built only
/// when a report or a document is made.
/// </summary>
internal sealed class DependencyRecord
{
    public required int From { get; init; }

    public required int To { get; init; }

    /// <summary>Whether every wait seen for this edge so far was bounded by a timeout.</summary>
    public bool Timeout { get; set; }

    public required bool Implicit { get; init; }

    public DeptSite? StartSite { get; init; }

    public DeptSite? WaitSite { get; init; }

    public DeptSite? EventSite { get; init; }

    /// <summary>The stack captured when the edge was first seen: the [W] stack of an explicit context, the [E] stack of an implicit one.</summary>
    public IReadOnlyList<string> Stack { get; init; } = [];

    /// <summary>The thread that saw the edge.</summary>
    public string? Thread { get; init; }

    /// <summary>For implicit contexts, the waiter that requested the event.</summary>
    public string? RequestThread { get; init; }

    public DateTimeOffset FirstSeen { get; init; }
}
