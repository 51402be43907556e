using System.Globalization;
using System.Text;
using Dept.Core.Snapshots;

namespace Dept.Core.Dumps;

/// <summary>
/// DEPT's /proc formats (<c>kernel/dependency/dept_proc.c</c>): <c>dept_stats</c> and <c>dept_deps</c>. The endpoint
/// and the CLI serve exactly these strings; golden files pin them.
/// </summary>
public static class ProcFormat
{
    /// <summary>
    /// <c>/proc/dept_stats</c>: DEPT's accumulated-memory lines per pool (<c>name\tN KB</c>, in DEPT's pool order),
    /// then Dept's counters in the same tab-separated style.
    /// </summary>
    public static string DeptStats(DeptStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var sb = new StringBuilder();
        sb.Append("Accumulated amount of memory used by pools:\n\n");
        foreach (var (name, bytes) in stats.PoolBytes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name}\t{bytes / 1024} KB\n");
        }

        sb.Append("\nCounters:\n\n");
        Line(sb, "classes", stats.Classes);
        Line(sb, "dependencies", stats.Dependencies);
        Line(sb, "waits", stats.Waits);
        Line(sb, "events", stats.Events);
        Line(sb, "event_contexts", stats.EventContexts);
        Line(sb, "cycle_checks", stats.CycleChecks);
        Line(sb, "reports", stats.Reports);
        Line(sb, "threads", stats.Threads);
        Line(sb, "dropped_dependencies", stats.DroppedDependencies);
        Line(sb, "unreachable_events", stats.UnreachableEvents);
        Line(sb, "never_fired_events", stats.NeverFiredEvents);
        Line(sb, "tracked_sources", stats.TrackedSources);
        sb.Append(CultureInfo.InvariantCulture, $"memory_in_use\t{stats.MemoryBytes / 1024} KB\n");
        if (stats.Stopped)
        {
            sb.Append("stopped\t").Append(stats.StopReason).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// <c>/proc/dept_deps</c>: <c>All classes:</c>, then per class, newest first, <c>[id] name:sub</c> (with
    /// <c>&lt;site&gt; </c> before call-site classes, DEPT's <c>&lt;sched&gt;</c>) and one <c> -&gt; [id] name:sub</c> line
    /// per class its event depends on, then a blank line.
    /// </summary>
    public static string DeptDeps(DeptDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var byId = document.Classes.ToDictionary(static c => c.Id, StringComparer.Ordinal);
        var outEdges = document.Dependencies.ToLookup(static d => d.From, StringComparer.Ordinal);
        var sb = new StringBuilder("All classes:\n\n");
        for (var i = document.Classes.Count - 1; i >= 0; i--)
        {
            var c = document.Classes[i];
            sb.Append('[').Append(c.Id).Append("] ").Append(Name(c)).Append('\n');
            foreach (var d in outEdges[c.Id].OrderBy(d => byId.TryGetValue(d.To, out var t) ? Name(t) : d.To, StringComparer.Ordinal))
            {
                var to = byId[d.To];
                sb.Append(" -> [").Append(to.Id).Append("] ").Append(Name(to)).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Name(DeptClassInfo c) => (c.IsCallSite ? "<site> " : string.Empty) + c.Name + ":" + c.SubId.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string name, long value)
        => sb.Append(CultureInfo.InvariantCulture, $"{name}\t{value}\n");
}
