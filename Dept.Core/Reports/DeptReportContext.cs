namespace Dept.Core.Reports;

/// <summary>
/// One context of a cycle: its [E] cannot happen while its [W] is blocked, and its [W] waits for the [E] of the
/// next context (cyclically).
/// </summary>
public sealed record DeptReportContext
{
    /// <summary>Gets the context's letter: A, B, C...</summary>
    public required string Name { get; init; }

    /// <summary>Gets the start of the event context.</summary>
    public required DeptReportPoint Start { get; init; }

    /// <summary>Gets the wait that blocked.</summary>
    public required DeptReportPoint Wait { get; init; }

    /// <summary>Gets the event that cannot be reached.</summary>
    public required DeptReportPoint Event { get; init; }

    /// <summary>Gets whether the wait is bounded by a timeout.</summary>
    public bool Timeout { get; init; }

    /// <summary>Gets the thread that first saw this dependency, when known.</summary>
    public string? Thread { get; init; }
}
