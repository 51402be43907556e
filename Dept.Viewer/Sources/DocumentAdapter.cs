using System.Globalization;
using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Viewer.Model;

namespace Dept.Viewer.Sources;

/// <summary>Turns an engine <see cref="DeptDocument"/> (schema <c>dept.report/2</c>, or <c>/1</c>) into the viewer's <see cref="ViewGraph"/>.</summary>
internal static class DocumentAdapter
{
    /// <summary>Builds the view of <paramref name="document"/>, hangs included.</summary>
    /// <param name="document">The engine's document.</param>
    /// <param name="source">Where it came from, as the page shows it.</param>
    /// <param name="mode"><c>potential</c>, <c>actual</c> or <c>live</c>.</param>
    /// <param name="revision">Changes whenever what the source serves changes.</param>
    /// <param name="stats">Overrides the document's counters.</param>
    /// <param name="live">True when the source keeps changing (the page then polls it).</param>
    public static ViewGraph ToView(DeptDocument document, string source, string mode, long revision, DeptStats? stats = null, bool live = false)
    {
        // Names are shown and searched; DEPT disambiguates equal names by sub id ("name:sub"), so do we, only when needed.
        var duplicateNames = document.Classes.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var classes = new List<ViewClass>(document.Classes.Count);
        var byStableId = new Dictionary<string, ViewClass>(StringComparer.Ordinal);
        foreach (var c in document.Classes)
        {
            var name = duplicateNames.Contains(c.Name) ? c.Name + ":" + c.SubId.ToString(CultureInfo.InvariantCulture) : c.Name;
            var view = new ViewClass(classes.Count, name, c.IsCallSite, c.SubId, c.Id);
            classes.Add(view);
            byStableId[c.Id] = view;
        }

        var edges = document.Dependencies
            .Select(d => new ViewEdge(byStableId[d.From].Id, byStableId[d.To].Id, d.Timeout, Site(d.Context.Wait), Site(d.Context.Event)))
            .ToList();
        var reports = document.Reports.Select((r, i) => Report(r, i, byStableId)).ToList();
        var hangs = document.Hangs.Select(h => new ViewHang(h.Thread, h.WaitingOn, h.Owner, h.Waited, h.Stack)).ToList();
        var info = new ViewInfo(source, mode, revision, document.CreatedAt, live);
        return new ViewGraph(classes, edges, reports, Stats(stats ?? document.Stats, document), info, hangs, document.Classes);
    }

    /// <summary>Counters of a document without any (an older or hand-made file): what can be counted from it.</summary>
    public static DeptStats CountedStats(DeptDocument document) => document.Stats ?? new DeptStats
    {
        Classes = document.Classes.Count,
        Dependencies = document.Dependencies.Count,
        Reports = document.Reports.Count,
    };

    private static ViewReport Report(DeptReport r, int index, Dictionary<string, ViewClass> byStableId)
    {
        var contexts = r.Contexts.Select(c => new ViewContext(
            "context " + c.Name,
            Point("S", c.Start, byStableId),
            Point("W", c.Wait, byStableId),
            Point("E", c.Event, byStableId),
            c.Timeout,
            c.Thread)).ToList();
        if (r.Kind is DeptReportKind.UnreachableEvent or DeptReportKind.NeverFiredEvent)
        {
            // No cycle: the classes whose waits can no longer be answered, for the page's links.
            var classes = r.Contexts.SelectMany(c => new[] { c.Wait.ClassId, c.Event.ClassId })
                .Select(id => byStableId.TryGetValue(id, out var v) ? v.Id : -1).Where(id => id >= 0).Distinct().ToList();
            var reason = r.Reason?.ToString() ?? "neverFired";
            return new ViewReport(index, r.Kind.ToString(), r.Fingerprint, contexts, [], TextReportRenderer.Render(r),
                char.ToLowerInvariant(reason[0]) + reason[1..], classes);
        }

        // Context i's [E] cannot happen while its [W] waits for context i+1's [E]: the cycle is the [E] classes in order.
        var cycle = r.Contexts.Select(c => byStableId.TryGetValue(c.Event.ClassId, out var v) ? v.Id : -1).Where(id => id >= 0).ToList();
        return new ViewReport(index, r.Kind.ToString(), r.Fingerprint, contexts, cycle, TextReportRenderer.Render(r));
    }

    /// <summary>"Monitor.Enter at Run (Worker.cs:21)": what an edge's hover label and the SVG export show (#15).</summary>
    internal static string Site(DeptReportPoint p) => p.Location is null ? p.Function : $"{p.Function} at {p.Location}";

    private static ViewPoint Point(string tag, DeptReportPoint p, Dictionary<string, ViewClass> byStableId) => new(
        tag,
        p.Function,
        byStableId.TryGetValue(p.ClassId, out var c) ? c.Name : p.ClassName,
        p.Location?.ToString(),
        p.Stack,
        p.Note);

    private static List<ViewStat> Stats(DeptStats? stats, DeptDocument document)
    {
        stats ??= CountedStats(document);
        return
        [
            new("classes", stats.Classes, "Classes (graph nodes) known to the engine.", false),
            new("dependencies", stats.Dependencies, "Dependencies (graph edges) known to the engine.", false),
            new("reports", stats.Reports, "Cycles reported.", true),
            new("waits", stats.Waits, "Waits recorded.", true),
            new("events", stats.Events, "Events fired with a pending request.", true),
            new("event_contexts", stats.EventContexts, "Event contexts entered.", true),
            new("cycle_checks", stats.CycleChecks, "Incremental cycle checks run (one per new dependency).", true),
            new("threads", stats.Threads, "Threads tracked so far.", true),
            new("dropped_dependencies", stats.DroppedDependencies, "Dependencies dropped because MaxDependencies was reached.", true),
            new("unreachable_events", stats.UnreachableEvents, "Unreachable events reported (abandoned sources, signallers gone).", true),
            new("never_fired_events", stats.NeverFiredEvents, "Event classes waited on and never fired (warnings, at run end).", true),
            new("tracked_sources", stats.TrackedSources, "Completion sources registered for the abandoned-source check.", true),
            new("memory_bytes", stats.MemoryBytes, "Approximate bytes held by the engine's pools.", false),
            new("stopped", stats.Stopped ? 1 : 0, "1 when tracking stopped after an internal failure.", false),
        ];
    }
}
