namespace Dept.Core.Reports;

/// <summary>
/// A circular dependency, reported once when its closing edge is first seen, or an unreachable event
/// (<see cref="DeptReportKind.UnreachableEvent"/>, <see cref="DeptReportKind.NeverFiredEvent"/>) with its
/// <see cref="Reason"/>. The text rendering keeps DEPT's shape
/// (<see cref="TextReportRenderer"/>); the JSON form is documented in docs/reference/json-schema.md.
/// </summary>
public sealed record DeptReport
{
    /// <summary>Gets what the report says.</summary>
    public required DeptReportKind Kind { get; init; }

    /// <summary>Gets a stable id of the cycle: the same cycle of classes in another run has the same fingerprint.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the contexts, starting with the one whose dependency closed the cycle.</summary>
    public required IReadOnlyList<DeptReportContext> Contexts { get; init; }

    /// <summary>Gets when the cycle was detected.</summary>
    public DateTimeOffset DetectedAt { get; init; }

    /// <summary>Gets why the event cannot be reached (unreachable-event kinds only; <see langword="null"/> for cycles).</summary>
    public DeptUnreachableReason? Reason { get; init; }

    /// <summary>Gets extra lines for the "information that might be helpful" section (thread ids, wait times...).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
