using Dept.Core.Reports;

namespace Dept.Core.Snapshots;

/// <summary>A dependency in a document: the event of <see cref="From"/> cannot happen until the wait for <see cref="To"/> ends.</summary>
public sealed record DeptDependencyInfo
{
    /// <summary>Gets the id of the event context's class.</summary>
    public required string From { get; init; }

    /// <summary>Gets the id of the waited class.</summary>
    public required string To { get; init; }

    /// <summary>Gets whether every wait seen for it was bounded by a timeout.</summary>
    public bool Timeout { get; init; }

    /// <summary>Gets whether it came from an implicit event context (an event charging earlier waits).</summary>
    public bool Implicit { get; init; }

    /// <summary>Gets the [S], [W] and [E] of the context that first showed it.</summary>
    public required DeptReportContext Context { get; init; }

    /// <summary>Gets when it was first seen.</summary>
    public DateTimeOffset FirstSeen { get; init; }
}
