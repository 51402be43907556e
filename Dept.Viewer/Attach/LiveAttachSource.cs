using Dept.Core.Dumps;
using Dept.Core.Live;
using Dept.Core.Snapshots;
using Dept.Viewer.Model;
using Dept.Viewer.Sources;

namespace Dept.Viewer.Attach;

/// <summary>The viewer's data while attached (#6): the tracker's snapshot as a document of mode Actual.</summary>
/// <remarks>Thread-safe; request threads only take snapshots, which the tracker serializes.</remarks>
internal sealed class LiveAttachSource(LiveDeadlockTracker tracker, DeadlockStacks stacks, string source) : IDeptSource
{
    public ViewGraph Snapshot()
    {
        var document = Document();
        // The revision changes when a wait starts or ends, or a report or a hang is added, so the page reloads only
        // then. Hangs must count on their own: one is found by the clock (a wait outlasting the threshold) with no
        // new event, so without them the page would never show a hang found after it loaded. All three only grow.
        var revision = document.Stats!.Waits + document.Reports.Count + document.Hangs.Count;
        return DocumentAdapter.ToView(document, source, "actual", revision, live: true);
    }

    public string ProcStats() => ProcFormat.DeptStats(Document().Stats!);

    public DeptDocument Document() => LiveDeptReports.ToDocument(stacks.Enrich(tracker.Snapshot()), source);
}
