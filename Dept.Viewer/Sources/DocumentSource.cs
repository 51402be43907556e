using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Viewer.Model;

namespace Dept.Viewer.Sources;

/// <summary>
/// A saved report (<c>dept view report.json</c>): one immutable snapshot. The large proc texts are rendered on demand,
/// not kept: the endpoint renders each once per revision and keeps it as UTF-8 (<c>ResponseCache</c>, #13), so holding
/// them here as strings too would double their memory.
/// </summary>
internal sealed class DocumentSource : IDeptSource
{
    private readonly ViewGraph _graph;
    private readonly string _stats;

    public DocumentSource(DeptDocument document, string source)
    {
        Document = document;
        _graph = DocumentAdapter.ToView(document, source, document.Mode.ToString().ToLowerInvariant(), revision: 0);
        _stats = ProcFormat.DeptStats(DocumentAdapter.CountedStats(document));
    }

    /// <summary>The document served.</summary>
    public DeptDocument Document { get; }

    public ViewGraph Snapshot() => _graph;

    public string ProcStats() => _stats;

    public string ProcDeps() => ProcFormat.DeptDeps(Document);

    public string ProcReports() => ProcReportsText.Of(Document.Reports);
}
