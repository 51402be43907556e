using Dept.Core.Dumps;
using Dept.Core.Snapshots;
using Dept.Viewer.Model;

namespace Dept.Viewer.Sources;

/// <summary>
/// DEPT's large <c>/proc</c> texts of a snapshot, written as they are produced (#13): the endpoint streams them to
/// every client asking, so neither a whole string nor the engine document behind the snapshot is kept. The text
/// itself comes from the engine's own code (<see cref="ProcFormat"/>, <see cref="Core.Reports.TextReportRenderer"/>
/// through <see cref="ViewReport.Text"/>), never reimplemented here.
/// </summary>
internal static class ProcTexts
{
    /// <summary><c>/proc/dept_deps</c> of <paramref name="graph"/>.</summary>
    public static void WriteDeps(ViewGraph graph, TextWriter output) =>
        ProcFormat.WriteDeptDeps(output, graph.EngineClasses, i => graph.OutEdgeArray(i).Select(e => graph.Edges[e].To));

    /// <summary>
    /// <c>/proc/dept_reports</c>: every report in the engine's text rendering, oldest first, blank-line separated;
    /// a one-line notice when there is none.
    /// </summary>
    public static void WriteReports(ViewGraph graph, TextWriter output)
    {
        if (graph.Reports.Count == 0)
        {
            output.Write("No circular dependency has been detected.\n");
            return;
        }

        foreach (var r in graph.Reports)
        {
            output.Write(r.Text);
            output.Write('\n');
        }
    }

    /// <summary>The engine's class records behind a view's classes, for a view built without a document (tests, selections).</summary>
    internal static IReadOnlyList<DeptClassInfo> ClassInfos(IReadOnlyList<ViewClass> classes) =>
        classes.Select(c => new DeptClassInfo { Id = c.StableId, Name = c.Name, SubId = c.Subclass, IsCallSite = c.IsCallSite }).ToList();
}
