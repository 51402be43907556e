using System.Globalization;
using System.Text;
using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The end-of-run summary: counts of classes and dependencies, one line per cycle with its fingerprint and the
/// classes on it, the uninstrumented calls, then each cycle's full DEPT text (both contexts' [S]/[W]/[E] with
/// file:line, the fingerprint, one line of advice), and last where the JSON report is and whether the run failed:
/// a CI log shows what to fix without opening the report (#14).
/// </summary>
internal static class RunSummary
{
    // The summary is read in CI logs; the JSON report keeps every site.
    private const int MaxUninstrumentedLines = 20;

    /// <summary>Renders the summary of <paramref name="document"/>.</summary>
    public static string Render(DeptDocument document, string? reportPath, bool failOnCycle)
    {
        var sb = new StringBuilder();
        sb.Append("dept: ").Append(document.Source ?? "instrumented run");
        var unseen = document.Uninstrumented.Sum(static u => u.Count);
        if (unseen > 0)
        {
            // The first line a reader sees never suggests full coverage when blocking calls ran that Dept does not model (#10).
            sb.Append(" (partial coverage: ").Append(unseen.ToString(CultureInfo.InvariantCulture)).Append(" unmodelled blocking call(s) ran)");
        }

        sb.Append('\n');
        sb.Append("  classes:      ").Append(document.Classes.Count).Append('\n');
        sb.Append("  dependencies: ").Append(document.Dependencies.Count).Append('\n');
        var cycles = document.Reports.Where(static r => !IsUnreachable(r)).ToList();
        sb.Append("  cycles:       ").Append(cycles.Count).Append('\n');
        foreach (var report in cycles)
        {
            sb.Append("    ").Append(Kind(report.Kind)).Append(' ').Append(report.Fingerprint).Append("  ").Append(Cycle(report)).Append('\n');
            foreach (var context in report.Contexts)
            {
                sb.Append("      ").Append(context.Name).Append(": [S] ").Append(Label(context.Start)).Append(At(context.Start))
                  .Append("  [W] ").Append(Label(context.Wait)).Append(At(context.Wait)).Append('\n');
            }
        }

        AppendUnreachable(sb, document.Reports);
        AppendUninstrumented(sb, document.Uninstrumented);
        if (document.Stats is { Stopped: true } stats)
        {
            sb.Append("  tracking stopped early: ").Append(stats.StopReason ?? "(no reason)").Append('\n');
        }

        foreach (var report in document.Reports)
        {
            sb.Append('\n').Append(TextReportRenderer.Render(report));
        }

        if (document.Reports.Count > 0)
        {
            sb.Append('\n');
        }

        if (reportPath is not null)
        {
            sb.Append("  report: ").Append(reportPath).Append('\n');
        }

        var failing = document.Reports.Count(Fails);
        if (failOnCycle && failing > 0)
        {
            var unreachableCount = document.Reports.Count(static r => r.Kind == DeptReportKind.UnreachableEvent);
            sb.Append("dept: FAILED: ").Append(failing - unreachableCount).Append(" cycle(s)")
              .Append(unreachableCount > 0 ? $" and {unreachableCount} unreachable event(s)" : string.Empty)
              .Append(" found and DEPT_FAIL_ON_CYCLE is on\n");
        }

        return sb.ToString();
    }

    /// <summary>
    /// <c>uninstrumented calls: 7 run(s) at 2 site(s)</c>, then one line per site, those that ran first; "none" only when
    /// the rewriter saw no such call at all, never when one ran (#10).
    /// </summary>
    private static void AppendUninstrumented(StringBuilder sb, IReadOnlyList<DeptUninstrumentedCall> calls)
    {
        var ran = calls.Where(static u => u.Count > 0).ToList();
        var runs = ran.Sum(static u => u.Count).ToString(CultureInfo.InvariantCulture);
        sb.Append("  uninstrumented calls: ").Append(
            calls.Count == 0 ? "none"
            : ran.Count == 0 ? $"none ran ({calls.Count} call site(s) seen by the rewriter)"
            : $"{runs} run(s) at {ran.Count} site(s) Dept does not model").Append('\n');
        foreach (var call in calls.Take(MaxUninstrumentedLines))
        {
            sb.Append("    ").Append(call.Api).Append(" at ").Append(call.Location)
              .Append(call.Count > 0 ? " x" + call.Count.ToString(CultureInfo.InvariantCulture) : " (did not run)");
            if (!string.IsNullOrEmpty(call.Reason))
            {
                sb.Append(": ").Append(call.Reason);
            }

            sb.Append('\n');
        }

        if (calls.Count > MaxUninstrumentedLines)
        {
            sb.Append("    ... ").Append(calls.Count - MaxUninstrumentedLines).Append(" more in the JSON report\n");
        }
    }

    /// <summary>Whether a report fails a run with fail-on-cycle: every kind but the warning-grade never-fired event (#11).</summary>
    internal static bool Fails(DeptReport report) => report.Kind != DeptReportKind.NeverFiredEvent;

    private static bool IsUnreachable(DeptReport report) => report.Kind is DeptReportKind.UnreachableEvent or DeptReportKind.NeverFiredEvent;

    // #11: waits whose event can no longer fire, then the never-fired warnings; nothing when the run had neither.
    private static void AppendUnreachable(StringBuilder sb, IReadOnlyList<DeptReport> reports)
    {
        var unreachable = reports.Where(static r => r.Kind == DeptReportKind.UnreachableEvent).ToList();
        var neverFired = reports.Where(static r => r.Kind == DeptReportKind.NeverFiredEvent).ToList();
        if (unreachable.Count == 0 && neverFired.Count == 0)
        {
            return;
        }

        sb.Append("  unreachable events: ").Append(unreachable.Count).Append('\n');
        foreach (var report in unreachable)
        {
            sb.Append("    UNREACHABLE ").Append(report.Fingerprint).Append("  ").Append(Reason(report)).Append('\n');
            foreach (var context in report.Contexts)
            {
                sb.Append("      ").Append(context.Name).Append(": [W] ").Append(Label(context.Wait)).Append(At(context.Wait))
                  .Append("  [E] ").Append(Label(context.Event)).Append(At(context.Event)).Append('\n');
            }
        }

        sb.Append("  never fired (warnings): ").Append(neverFired.Count).Append('\n');
        foreach (var report in neverFired)
        {
            var context = report.Contexts[0];
            sb.Append("    NEVER FIRED ").Append(report.Fingerprint).Append("  [W] ").Append(Label(context.Wait)).Append(At(context.Wait))
              .Append(context.Timeout ? " (timed)" : string.Empty).Append('\n');
        }
    }

    private static string Reason(DeptReport report) => report.Reason switch
    {
        DeptUnreachableReason.Collected => "source collected while pending",
        DeptUnreachableReason.Released => "source released while pending",
        DeptUnreachableReason.SignallerBlocked => "signaller blocked forever",
        DeptUnreachableReason.SignallerGone => "signaller gone",
        _ => report.Reason?.ToString() ?? string.Empty,
    };

    private static string Kind(DeptReportKind kind) => kind switch
    {
        DeptReportKind.AADeadlock => "AA DEADLOCK",
        DeptReportKind.TimeoutCircularDependency => "CIRCULAR (timeout)",
        DeptReportKind.ActualDeadlock => "ACTUAL DEADLOCK",
        _ => "DEADLOCK",
    };

    private static string Cycle(DeptReport report)
    {
        var names = report.Contexts.Select(static c => c.Start.ClassName).ToList();
        if (names.Count > 0)
        {
            names.Add(names[0]);
        }

        return string.Join(" -> ", names);
    }

    /// <summary><c>Monitor.Enter(Orders.Account._sync:0)</c>: the operation without the rewriter's receiver suffix, then the class.</summary>
    private static string Label(DeptReportPoint point)
    {
        var open = point.Function.IndexOf('(', StringComparison.Ordinal);
        var operation = open > 0 ? point.Function[..open] : point.Function;
        return $"{operation}({point.ClassName}:{point.SubId})";
    }

    private static string At(DeptReportPoint point)
        => point.Location is { File: { } file, Line: > 0 } location ? $" at {Path.GetFileName(file)}:{location.Line}" : string.Empty;
}
