using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Viewer.Model;

namespace Dept.Viewer.Sources;

/// <summary>A saved report (<c>dept view report.json</c>): one immutable snapshot, proc texts rendered once.</summary>
internal sealed class DocumentSource : IDeptSource
{
    private readonly ViewGraph _graph;
    private readonly string _stats;
    private readonly string _deps;
    private readonly string _reports;

    public DocumentSource(DeptDocument document, string source)
    {
        Document = document;
        _graph = DocumentAdapter.ToView(document, source, document.Mode.ToString().ToLowerInvariant(), revision: 0);
        _stats = ProcFormat.DeptStats(DocumentAdapter.CountedStats(document));
        _deps = ProcFormat.DeptDeps(document);
        _reports = ProcReportsText.Of(document.Reports);
    }

    /// <summary>The document served.</summary>
    public DeptDocument Document { get; }

    public ViewGraph Snapshot() => _graph;

    public string ProcStats() => _stats;

    public string ProcDeps() => _deps;

    public string ProcReports() => _reports;
}
