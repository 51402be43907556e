using Dept.Core.Dumps;
using Dept.Core.Reports;

namespace Dept.Core.Snapshots;

/// <summary>
/// Everything one run (or a merge of runs) learned: classes, dependencies, reports and counters. Written and read
/// as JSON by <see cref="DeptDocumentJson"/>; schema <see cref="CurrentSchema"/> is documented in
/// docs/reference/json-schema.md.
/// </summary>
public sealed record DeptDocument
{
    /// <summary>
    /// The schema id this version writes. Version 2 added the unreachable-event report kinds
    /// (<c>unreachableEvent</c>, <c>neverFiredEvent</c>), a report's <c>reason</c> and the stats'
    /// <c>unreachableEvents</c>/<c>neverFiredEvents</c>/<c>trackedSources</c> counters.
    /// </summary>
    public const string CurrentSchema = "dept.report/2";

    /// <summary>Every schema id this version reads: the current one and version 1, whose documents are a subset of it.</summary>
    public static readonly IReadOnlyList<string> ReadableSchemas = [CurrentSchema, "dept.report/1"];

    /// <summary>Gets the schema id.</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>Gets whether cycles are potential (instrumentation) or actual (live attach).</summary>
    public DeptDocumentMode Mode { get; init; }

    /// <summary>Gets what produced it, e.g. <c>Dept 0.1.0</c>.</summary>
    public string Tool { get; init; } = "Dept " + typeof(DeptDocument).Assembly.GetName().Version?.ToString(3);

    /// <summary>Gets what was tracked (a process, a test run).</summary>
    public string? Source { get; init; }

    /// <summary>Gets when it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the classes.</summary>
    public IReadOnlyList<DeptClassInfo> Classes { get; init; } = [];

    /// <summary>Gets the dependencies.</summary>
    public IReadOnlyList<DeptDependencyInfo> Dependencies { get; init; } = [];

    /// <summary>Gets the reports.</summary>
    public IReadOnlyList<DeptReport> Reports { get; init; } = [];

    /// <summary>Gets the counters, when known.</summary>
    public DeptStats? Stats { get; init; }

    /// <summary>Gets the long waits seen without a cycle (live attach).</summary>
    public IReadOnlyList<DeptHang> Hangs { get; init; } = [];

    /// <summary>Gets the calls Dept could not follow.</summary>
    public IReadOnlyList<DeptUninstrumentedCall> Uninstrumented { get; init; } = [];
}
