using Dept.Core.Reports;

namespace Dept.Core.Snapshots;

/// <summary>A dependency of a <see cref="GraphUnion"/>: the first input that named the class pair, as an engine's record keeps it.</summary>
internal sealed class UnionEdge
{
    public required int From { get; init; }

    public required int To { get; init; }

    /// <summary>Gets or sets whether every input that named the pair bounded the wait by a timeout (cleared like the engine's record).</summary>
    public required bool Timeout { get; set; }

    public required bool Implicit { get; init; }

    /// <summary>Gets the first input's dependency: its sites, thread and stack, and the object the union gives back when nothing of it changed.</summary>
    public required DeptDependencyInfo Source { get; init; }

    /// <summary>Gets the stack the engine keeps for the dependency: the event's for an implicit one, else the wait's.</summary>
    public required IReadOnlyList<string> Stack { get; init; }

    /// <summary>Gets or sets the earliest time an input saw the pair (<see cref="DateTimeOffset.MinValue"/>: none said).</summary>
    public required DateTimeOffset FirstSeen { get; set; }
}
