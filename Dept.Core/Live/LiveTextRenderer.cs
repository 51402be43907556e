using Dept.Core.Reports;
using System.Globalization;
using System.Text;

namespace Dept.Core.Live;

/// <summary>
/// Text for what the live observer finds (#6). Every block says ACTUAL: these were observed blocking, unlike the
/// engine's potential-deadlock reports.
/// </summary>
public static class LiveTextRenderer
{
    /// <summary>The banner line of an actual deadlock.</summary>
    public const string DeadlockTitle = "ACTUAL DEADLOCK (observed now, not a potential one)";

    /// <summary>Renders one deadlock: banner, one line per wait with how long it has lasted, the detection latency.</summary>
    public static string Render(ActualDeadlock deadlock)
    {
        ArgumentNullException.ThrowIfNull(deadlock);
        var text = new StringBuilder();
        var threads = deadlock.ThreadIds.Count;
        text.AppendLine("==============================================================");
        text.AppendLine(DeadlockTitle);
        text.AppendLine(Invariant($"{threads} thread(s) and {deadlock.Waits.Count - threads} task(s) wait for each other in a cycle:"));
        foreach (var wait in deadlock.Waits)
        {
            text.AppendLine(Invariant($"  {wait.Describe()}  [waiting {Duration(wait.WaitedAt(deadlock.DetectedAt))}]"));
        }

        text.AppendLine(Invariant($"detected at {deadlock.DetectedAt:O}, {Duration(deadlock.DetectionLatency)} after the cycle closed"));
        text.AppendLine("None of these waits can end: each needs the next one to finish first.");
        return text.ToString();
    }

    /// <summary>Renders one hang: the wait and how long it had lasted.</summary>
    public static string Render(LiveHang hang)
    {
        ArgumentNullException.ThrowIfNull(hang);
        return hang.BlockedForeverBy is { } blocker
            ? TextReportRenderer.Render(LiveDeptReports.ToUnreachableReport(hang))
            : Invariant($"HANG (observed): {hang.Wait.Describe()} for {Duration(hang.Duration)}{Environment.NewLine}");
    }

    /// <summary>A closing summary of a session: counts and the event statistics.</summary>
    public static string Summary(LiveSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var s = snapshot.Stats;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{snapshot.Deadlocks.Count} actual deadlock(s), {snapshot.Unreachable.Count} unreachable wait(s), {snapshot.Hangs.Count} hang(s), {snapshot.Waits.Count} wait(s) in progress."));
        text.AppendLine(Invariant($"events: {s.EventsApplied} applied, {s.StaleEventsIgnored} ignored (began before attach, late or duplicate), {s.EventsDropped} dropped, {s.EventsLostAtSource} lost by the runtime."));
        if (s.EventsLostAtSource > 0 || s.EventsDropped > 0)
        {
            text.AppendLine("warning: events were lost; the wait-for graph may miss waits.");
        }

        return text.ToString();
    }

    /// <summary>"12 ms", "3.4 s".</summary>
    public static string Duration(TimeSpan span) =>
        span < TimeSpan.FromSeconds(1)
            ? Invariant($"{span.TotalMilliseconds:0} ms")
            : Invariant($"{span.TotalSeconds:0.0} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
