namespace Dept.Core.Reports;

/// <summary>One of a context's three points: [S] start of the event context, [W] the wait, [E] the event.</summary>
public sealed record DeptReportPoint
{
    /// <summary>Gets the operation, e.g. <c>Monitor.Enter</c>, or <c>(N/A)</c>-style text when not knowable.</summary>
    public required string Function { get; init; }

    /// <summary>Gets the stable id of the class (16 hex digits).</summary>
    public required string ClassId { get; init; }

    /// <summary>Gets the class name.</summary>
    public required string ClassName { get; init; }

    /// <summary>Gets the class's subclass id (user subclass + 8 x event type, as DEPT).</summary>
    public int SubId { get; init; }

    /// <summary>Gets where it happens, when known.</summary>
    public DeptSourceLocation? Location { get; init; }

    /// <summary>Gets the stack captured when the dependency was first seen (empty when none).</summary>
    public IReadOnlyList<string> Stack { get; init; } = [];

    /// <summary>Gets an explanation, e.g. "(wait to wake up) requested by thread #7".</summary>
    public string? Note { get; init; }
}
