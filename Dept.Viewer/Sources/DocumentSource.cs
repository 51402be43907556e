using Dept.Core.Dumps;
using Dept.Core.Snapshots;
using Dept.Viewer.Model;

namespace Dept.Viewer.Sources;

/// <summary>
/// A saved report (<c>dept view report.json</c>): one immutable snapshot. Only the view is kept, not the document it
/// was built from: the document's dependency contexts are most of a report's size and nothing served needs them
/// (#13: the endpoint's memory under load is a small multiple of the report, not the report twice over).
/// </summary>
internal sealed class DocumentSource : IDeptSource
{
    private readonly ViewGraph _graph;
    private readonly string _stats;

    public DocumentSource(DeptDocument document, string source)
    {
        _graph = DocumentAdapter.ToView(document, source, document.Mode.ToString().ToLowerInvariant(), revision: 0);
        _stats = ProcFormat.DeptStats(DocumentAdapter.CountedStats(document));
    }

    public ViewGraph Snapshot() => _graph;

    public string ProcStats() => _stats;
}
