using System.Text;

namespace Dept.Core.Reports;

/// <summary>
/// Renders a report in DEPT's text shape (<c>print_circle</c>): banner, summary with one [S]/[W]/[E] block per
/// context, the legend, then each context's detail with source locations and stacks, the fingerprint and one line of advice (<see cref="ReportAdvice"/>). The format is a contract,
/// covered by golden files (docs/reference/report-format.md).
/// </summary>
public static class TextReportRenderer
{
    private const string Banner = "===================================================";
    private const string Rule = "---------------------------------------------------";

    /// <summary>
    /// The notation DEPT users know and others do not (#14): printed under the [S]/[W]/[E] legend of every report.
    /// <c>&lt;site&gt;</c>/<c>&lt;sched&gt;</c> are how dumps and exports mark the same call-site classes.
    /// </summary>
    private const string Legend =
        "op(Class:N): the class waited for or fired; N is its subclass (user subclass + 8 x event type, 0 for a plain lock)\n" +
        "Name@File.cs:L: a class named after a call site (a completion's wait), shown <site>/<sched> in dumps and exports\n" +
        "(N/A): not known (no source location, or no release seen yet)\n";

    /// <summary>Renders one report. Lines end with '\n' on every platform.</summary>
    public static string Render(DeptReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Kind is DeptReportKind.UnreachableEvent or DeptReportKind.NeverFiredEvent)
        {
            return RenderUnreachable(report);
        }

        var sb = new StringBuilder();
        Summary(sb, report.Kind == DeptReportKind.ActualDeadlock
            ? "DEPT: Threads are deadlocked right now (observed, not predicted)."
            : "DEPT: Circular dependency has been detected.");
        sb.Append(report.Kind switch
        {
            DeptReportKind.AADeadlock => "*** AA DEADLOCK ***",
            DeptReportKind.TimeoutCircularDependency => "*** NOT A DEADLOCK BUT A CIRCULAR DEPENDENCY ***\n*** CHECK IF THE TIMEOUT IS INTENDED ***",
            DeptReportKind.ActualDeadlock => "*** ACTUAL DEADLOCK ***",
            _ => "*** DEADLOCK ***",
        }).Append('\n').Append('\n');

        foreach (var c in report.Contexts)
        {
            Diagram(sb, c);
            sb.Append('\n');
        }

        sb.Append("[S]: start of the event context\n[W]: the wait blocked\n[E]: the event not reachable\n");
        sb.Append(Legend);
        Details(sb, report, Diagram, withStart: static _ => true);
        Helpful(sb, report, " first seen on ");
        sb.Append("advice: ").Append(ReportAdvice.For(report)).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// An unreachable event in DEPT's shape: banner, summary with one [W]/[E] pair per outstanding waiter, the legend,
    /// each context's detail ([S] where the event was requested, [W] the wait, [E] the event that can no longer be
    /// reached and why), then the helpful information (reason, sources' sites, outstanding counts).
    /// </summary>
    private static string RenderUnreachable(DeptReport report)
    {
        var sb = new StringBuilder();
        var neverFired = report.Kind == DeptReportKind.NeverFiredEvent;
        Summary(sb, neverFired ? "DEPT: Event waited on but never fired (warning)." : "DEPT: Unreachable event has been detected.");
        sb.Append(neverFired ? "*** NEVER FIRED EVENT ***" : "*** UNREACHABLE EVENT ***").Append('\n');
        if (report.Reason is { } reason)
        {
            sb.Append("reason: ").Append(ReasonWord(reason)).Append('\n');
        }

        sb.Append('\n');
        foreach (var c in report.Contexts)
        {
            WaitEventDiagram(sb, c);
            sb.Append('\n');
        }

        sb.Append("[S]: where the event was requested\n[W]: the wait blocked\n[E]: the event not reachable\n");
        Details(sb, report, WaitEventDiagram, withStart: static c => c.Start != c.Wait);
        Helpful(sb, report, " waited on ");
        return sb.ToString();
    }

    // The parts both report shapes share, in DEPT's order: banner and summary rule, each context's detail, then the
    // helpful information.
    private static void Summary(StringBuilder sb, string headline)
    {
        sb.Append(Banner).Append('\n');
        sb.Append(headline).Append('\n');
        sb.Append(Rule).Append('\n').Append("summary").Append('\n').Append(Rule).Append('\n');
    }

    private static void Details(StringBuilder sb, DeptReport report, Action<StringBuilder, DeptReportContext> diagram, Func<DeptReportContext, bool> withStart)
    {
        foreach (var c in report.Contexts)
        {
            sb.Append(Rule).Append('\n').Append("context ").Append(c.Name).Append("'s detail\n").Append(Rule).Append('\n');
            diagram(sb, c);
            if (withStart(c))
            {
                Detail(sb, "[S]", c.Start);
            }

            Detail(sb, "[W]", c.Wait);
            Detail(sb, "[E]", c.Event);
        }
    }

    private static void Helpful(StringBuilder sb, DeptReport report, string threadVerb)
    {
        sb.Append(Rule).Append('\n').Append("information that might be helpful\n").Append(Rule).Append('\n');
        sb.Append("fingerprint: ").Append(report.Fingerprint).Append('\n');
        foreach (var c in report.Contexts)
        {
            if (c.Thread is not null)
            {
                sb.Append("context ").Append(c.Name).Append(threadVerb).Append(c.Thread).Append('\n');
            }
        }

        foreach (var note in report.Notes)
        {
            sb.Append(note).Append('\n');
        }
    }

    private static string ReasonWord(DeptUnreachableReason reason) => reason switch
    {
        DeptUnreachableReason.Collected => "abandoned (source collected)",
        DeptUnreachableReason.Released => "abandoned (source released)",
        DeptUnreachableReason.NeverFired => "never fired",
        DeptUnreachableReason.SignallerBlocked => "signaller blocked forever",
        DeptUnreachableReason.SignallerGone => "signaller gone",
        _ => reason.ToString(),
    };

    private static void WaitEventDiagram(StringBuilder sb, DeptReportContext c)
    {
        sb.Append("context ").Append(c.Name).Append('\n');
        sb.Append("    [W] ").Append(Label(c.Wait)).Append(Where(c.Wait)).Append('\n');
        if (c.Timeout)
        {
            sb.Append("--------------- >8 timeout ---------------\n");
        }

        sb.Append("    [E] ").Append(Label(c.Event)).Append(Where(c.Event)).Append('\n');
    }

    /// <summary>Returns <c>Function(ClassName:SubId)</c>, DEPT's point notation.</summary>
    public static string Label(DeptReportPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return $"{point.Function}({point.ClassName}:{point.SubId})";
    }

    private static void Diagram(StringBuilder sb, DeptReportContext c)
    {
        sb.Append("context ").Append(c.Name).Append('\n');
        sb.Append("    [S] ").Append(Label(c.Start)).Append(Where(c.Start)).Append('\n');
        sb.Append("    [W] ").Append(Label(c.Wait)).Append(Where(c.Wait)).Append('\n');
        if (c.Timeout)
        {
            sb.Append("--------------- >8 timeout ---------------\n");
        }

        sb.Append("    [E] ").Append(Label(c.Event)).Append(Where(c.Event)).Append('\n');
    }

    private static string Where(DeptReportPoint p)
        => p.Location is { File: not null } l ? $" at {Path.GetFileName(l.File)}:{l.Line}" : string.Empty;

    private static void Detail(StringBuilder sb, string tag, DeptReportPoint p)
    {
        sb.Append('\n').Append(tag).Append(' ').Append(Label(p)).Append(":\n");
        sb.Append(p.Location is null ? "(N/A)" : p.Location.ToString()).Append('\n');
        if (p.Note is not null)
        {
            sb.Append(p.Note).Append('\n');
        }

        if (p.Stack.Count > 0)
        {
            sb.Append("stacktrace:\n");
            foreach (var frame in p.Stack)
            {
                sb.Append("      ").Append(frame).Append('\n');
            }
        }
    }
}
