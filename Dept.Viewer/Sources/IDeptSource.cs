using Dept.Viewer.Model;

namespace Dept.Viewer.Sources;

/// <summary>
/// Where the endpoint gets its data: a running engine or a saved report. Everything the routes serve is drawn from
/// the snapshot (the large <c>/proc</c> texts by <see cref="ProcTexts"/>, with the engine's own render code), so a
/// source keeps no engine document alive beside its view (#13).
/// </summary>
/// <remarks>Implementations are called from request threads concurrently and must be thread-safe.</remarks>
internal interface IDeptSource
{
    /// <summary>The current graph snapshot.</summary>
    ViewGraph Snapshot();

    /// <summary>DEPT's <c>/proc/dept_stats</c> text.</summary>
    string ProcStats();
}
