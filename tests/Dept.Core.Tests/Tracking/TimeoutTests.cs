using Dept.Core.Annotations;
using Dept.Core.Reports;

namespace Dept.Core.Tests.Tracking;

public sealed class TimeoutTests
{
    private readonly DeptKey _a = new("A");
    private readonly DeptKey _b = new("B");
    private readonly object _la = new();
    private readonly object _lb = new();

    [Fact]
    public void TimeoutWaitsIgnoredByDefault_NoReport()
    {
        var t = new TestEngine();
        t.Lock(_a, _la); t.Lock(_b, _lb); t.Unlock(_lb); t.Unlock(_la);
        t.Lock(_b, _lb); t.Lock(_a, _la, flags: DeptLockFlags.Timeout); t.Unlock(_la); t.Unlock(_lb);

        Assert.Empty(t.Reports);
    }

    [Fact]
    public void TrackedTimeoutCycle_ReportedAsCircularDependencyNotDeadlock()
    {
        var t = new TestEngine(o => o.TrackTimeoutWaits = true);
        t.Lock(_a, _la); t.Lock(_b, _lb); t.Unlock(_lb); t.Unlock(_la);
        t.Lock(_b, _lb); t.Lock(_a, _la, flags: DeptLockFlags.Timeout); t.Unlock(_la); t.Unlock(_lb);

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.TimeoutCircularDependency, report.Kind);
        Assert.True(report.Contexts[0].Timeout);
        Assert.Contains("NOT A DEADLOCK BUT A CIRCULAR DEPENDENCY", TextReportRenderer.Render(report));
        Assert.Contains(">8 timeout", TextReportRenderer.Render(report));
    }

    [Fact]
    public void TimeoutEdgeLaterSeenWithoutTimeout_UpgradesToDeadlock()
    {
        var t = new TestEngine(o => o.TrackTimeoutWaits = true);
        t.Lock(_a, _la); t.Lock(_b, _lb); t.Unlock(_lb); t.Unlock(_la);
        t.Lock(_b, _lb); t.Lock(_a, _la, flags: DeptLockFlags.Timeout); t.Unlock(_la); t.Unlock(_lb);
        t.Lock(_b, _lb); t.Lock(_a, _la); t.Unlock(_la); t.Unlock(_lb);

        Assert.Equal([DeptReportKind.TimeoutCircularDependency, DeptReportKind.Deadlock], t.Reports.Select(r => r.Kind));
    }
}
