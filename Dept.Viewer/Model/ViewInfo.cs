namespace Dept.Viewer.Model;

/// <summary>Metadata of a snapshot.</summary>
/// <param name="Source">Human-readable origin: "live process 1234" or the report file path.</param>
/// <param name="Mode">"potential" or "actual" (the document's mode), or "live".</param>
/// <param name="Revision">Changes whenever the graph, its reports or its hangs change; the page polls it for live refresh.</param>
/// <param name="CapturedAt">When the snapshot was taken (or the document written).</param>
/// <param name="Live">True when the source keeps changing (a running engine or a live attach), so the page polls it.</param>
internal sealed record ViewInfo(string Source, string Mode, long Revision, DateTimeOffset CapturedAt, bool Live = false);
