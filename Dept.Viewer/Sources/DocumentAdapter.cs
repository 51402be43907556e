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
    /// <param name="splitEdgesFrom">From this many dependencies on, the edges are built in two halves at once (tests force it); by default <see cref="SplitEdgesFrom"/> on a machine with a second processor.</param>
    public static ViewGraph ToView(DeptDocument document, string source, string mode, long revision, DeptStats? stats = null, bool live = false, int? splitEdgesFrom = null)
    {
        // Names are shown and searched; DEPT disambiguates equal names by sub id ("name:sub"), so do we, only when needed.
        var nameCounts = new Dictionary<string, int>(document.Classes.Count, StringComparer.Ordinal);
        foreach (var c in document.Classes)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(nameCounts, c.Name, out _)++;
        }
        var classes = new List<ViewClass>(document.Classes.Count);
        var byStableId = new Dictionary<string, ViewClass>(StringComparer.Ordinal);
        foreach (var c in document.Classes)
        {
            var name = nameCounts[c.Name] > 1 ? c.Name + ":" + c.SubId.ToString(CultureInfo.InvariantCulture) : c.Name;
            var view = new ViewClass(classes.Count, name, c.IsCallSite, c.SubId, c.Id);
            classes.Add(view);
            byStableId[c.Id] = view;
        }

        var edges = Edges(document.Dependencies, byStableId, splitEdgesFrom ?? (Environment.ProcessorCount > 1 ? SplitEdgesFrom : int.MaxValue));

        var reports = document.Reports.Select((r, i) => Report(r, i, byStableId)).ToList();
        var hangs = document.Hangs.Select(h => new ViewHang(h.Thread, h.WaitingOn, h.Owner, h.Waited, h.Stack)).ToList();
        var info = new ViewInfo(source, mode, revision, document.CreatedAt, live);
        return new ViewGraph(classes, edges, reports, Stats(stats ?? document.Stats, document), info, hangs, document.Classes);
    }

    /// <summary>From this many dependencies on, the two halves of the edges are built at once (#12: <c>dept export</c>/<c>view</c> of 100k classes).</summary>
    internal const int SplitEdgesFrom = 50_000;

    /// <summary>
    /// The view's edges, in the document's order. A few call sites make most dependencies: each site's text is built
    /// once (per half) and shared (#12). From <paramref name="splitFrom"/> dependencies on, the second half is built on
    /// another thread (<see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>, whose caller runs what the
    /// pool does not start); each half has its own site texts, equal text for equal sites.
    /// </summary>
    private static ViewEdge[] Edges(IReadOnlyList<DeptDependencyInfo> dependencies, Dictionary<string, ViewClass> byStableId, int splitFrom)
    {
        var edges = new ViewEdge[dependencies.Count];
        if (dependencies.Count < Math.Max(2, splitFrom))
        {
            Fill(0, edges.Length);
            return edges;
        }

        try
        {
            Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, half => Fill(half * (edges.Length / 2), half == 0 ? edges.Length / 2 : edges.Length));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count >= 1)
        {
            // As the loop in order would have thrown it (an id no class has, in a document nobody validated).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }

        return edges;

        void Fill(int from, int to)
        {
            var sites = new Dictionary<(string, DeptSourceLocation?), string>();
            for (var i = from; i < to; i++)
            {
                var d = dependencies[i];
                edges[i] = new ViewEdge(byStableId[d.From].Id, byStableId[d.To].Id, d.Timeout, Site(d.Context.Wait, sites), Site(d.Context.Event, sites));
            }
        }
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

    private static string Site(DeptReportPoint p, Dictionary<(string, DeptSourceLocation?), string> sites)
    {
        ref var site = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sites, (p.Function, p.Location), out _);
        return site ??= Site(p);
    }

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
