using Dept.Viewer.Model;

namespace Dept.Viewer.Sources;

/// <summary>
/// Where the endpoint gets its data: a running engine or a saved report. The proc texts come from the engine's own
/// dump and render code (never reimplemented here), the graph from its document.
/// </summary>
/// <remarks>Implementations are called from request threads concurrently and must be thread-safe.</remarks>
internal interface IDeptSource
{
    /// <summary>The current graph snapshot.</summary>
    ViewGraph Snapshot();

    /// <summary>DEPT's <c>/proc/dept_stats</c> text.</summary>
    string ProcStats();

    /// <summary>DEPT's <c>/proc/dept_deps</c> text.</summary>
    string ProcDeps();

    /// <summary>Every report rendered as text, separated by blank lines (<c>/proc/dept_reports</c>).</summary>
    string ProcReports();
}
