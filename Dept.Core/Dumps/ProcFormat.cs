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
        var index = new Dictionary<string, int>(document.Classes.Count, StringComparer.Ordinal);
        for (var i = 0; i < document.Classes.Count; i++)
        {
            index[document.Classes[i].Id] = i;
        }

        var outEdges = document.Dependencies.ToLookup(static d => d.From, StringComparer.Ordinal);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteDeptDeps(writer, document.Classes, i => outEdges[document.Classes[i].Id].Select(d => index[d.To]));
        return writer.ToString();
    }

    /// <summary>
    /// <c>/proc/dept_deps</c> written to <paramref name="output"/> as it is produced (the endpoint streams it, #13):
    /// the text of <see cref="DeptDeps(DeptDocument)"/> for <paramref name="classes"/>, where
    /// <paramref name="dependsOn"/> gives, for a class's index, the indexes of the classes its event depends on.
    /// </summary>
    public static void WriteDeptDeps(TextWriter output, IReadOnlyList<DeptClassInfo> classes, Func<int, IEnumerable<int>> dependsOn)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(dependsOn);
        output.Write("All classes:\n\n");
        for (var i = classes.Count - 1; i >= 0; i--)
        {
            var c = classes[i];
            output.Write('[');
            output.Write(c.Id);
            output.Write("] ");
            output.Write(Name(c));
            output.Write('\n');
            foreach (var to in dependsOn(i).Select(t => classes[t]).OrderBy(Name, StringComparer.Ordinal))
            {
                output.Write(" -> [");
                output.Write(to.Id);
                output.Write("] ");
                output.Write(Name(to));
                output.Write('\n');
            }

            output.Write('\n');
        }
    }

    private static string Name(DeptClassInfo c) => (c.IsCallSite ? "<site> " : string.Empty) + c.Name + ":" + c.SubId.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string name, long value)
        => sb.Append(CultureInfo.InvariantCulture, $"{name}\t{value}\n");
}
