using Dept.Core.Reports;

namespace Dept.Core.Tests.Reports;

/// <summary>Each report kind gets its own advice line (#14); the text report ends with it.</summary>
public sealed class ReportAdviceTests
{
    [Fact]
    public void LockOnlyCycle_AdvisesOneLockOrder()
    {
        var advice = ReportAdvice.For(Report(DeptReportKind.Deadlock, "Monitor.Exit", "release"));
        Assert.StartsWith("take these locks in one global order", advice, StringComparison.Ordinal);
    }

    [Fact]
    public void CycleThroughACompletion_AdvisesReleasingBeforeWaiting()
    {
        var advice = ReportAdvice.For(Report(DeptReportKind.Deadlock, "Monitor.Exit", "TaskCompletionSource.SetResult"));
        Assert.Contains("release it before waiting", advice, StringComparison.Ordinal);
        Assert.Contains("complete the task/event outside the lock", advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DeptReportKind.AADeadlock, "split it")]
    [InlineData(DeptReportKind.TimeoutCircularDependency, "check the timeout is intended")]
    [InlineData(DeptReportKind.ActualDeadlock, "dotnet-dump collect")]
    [InlineData(DeptReportKind.UnreachableEvent, "make every path")]
    [InlineData(DeptReportKind.NeverFiredEvent, "nothing fired this event")]
    public void EachKind_HasItsOwnAdvice(DeptReportKind kind, string expected) =>
        Assert.Contains(expected, ReportAdvice.For(Report(kind, "Monitor.Exit")), StringComparison.Ordinal);

    [Fact]
    public void KindWithoutAdvice_PointsToTheReadingGuide() =>
        Assert.Equal("see docs/how-to/read-a-report.md", ReportAdvice.For(Report((DeptReportKind)99, "Monitor.Exit")));

    [Fact]
    public void TextReport_EndsWithTheAdviceLine()
    {
        var report = Report(DeptReportKind.Deadlock, "Monitor.Exit");
        Assert.EndsWith($"advice: {ReportAdvice.For(report)}\n", TextReportRenderer.Render(report), StringComparison.Ordinal);
    }

    private static DeptReport Report(DeptReportKind kind, params string[] events) => new()
    {
        Kind = kind,
        Fingerprint = "dept-0000000000000001",
        Contexts = [.. events.Select((e, i) => new DeptReportContext
        {
            Name = ((char)('A' + i)).ToString(),
            Start = Point("Monitor.Enter"),
            Wait = Point("Monitor.Enter"),
            Event = Point(e),
        })],
    };

    private static DeptReportPoint Point(string function) => new() { Function = function, ClassId = "0000000000000001", ClassName = "Orders.A._sync" };
}
