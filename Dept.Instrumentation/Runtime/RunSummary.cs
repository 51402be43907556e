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
    /// <summary>Renders the summary of <paramref name="document"/>.</summary>
    public static string Render(DeptDocument document, string? reportPath, bool failOnCycle)
    {
        var sb = new StringBuilder();
        sb.Append("dept: ").Append(document.Source ?? "instrumented run").Append('\n');
        sb.Append("  classes:      ").Append(document.Classes.Count).Append('\n');
        sb.Append("  dependencies: ").Append(document.Dependencies.Count).Append('\n');
        sb.Append("  cycles:       ").Append(document.Reports.Count).Append('\n');
        foreach (var report in document.Reports)
        {
            sb.Append("    ").Append(Kind(report.Kind)).Append(' ').Append(report.Fingerprint).Append("  ").Append(Cycle(report)).Append('\n');
            foreach (var context in report.Contexts)
            {
                sb.Append("      ").Append(context.Name).Append(": [S] ").Append(Label(context.Start)).Append(At(context.Start))
                  .Append("  [W] ").Append(Label(context.Wait)).Append(At(context.Wait)).Append('\n');
            }
        }

        sb.Append("  uninstrumented calls: ").Append(document.Uninstrumented.Count == 0 ? "none" : document.Uninstrumented.Sum(static u => u.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        foreach (var call in document.Uninstrumented)
        {
            sb.Append("    ").Append(call.Api).Append(" at ").Append(call.Location).Append(" x").Append(call.Count).Append('\n');
        }

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

        if (failOnCycle && document.Reports.Count > 0)
        {
            sb.Append("dept: FAILED: ").Append(document.Reports.Count).Append(" cycle(s) found and DEPT_FAIL_ON_CYCLE is on\n");
        }

        return sb.ToString();
    }

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
