using Dept.Core.Annotations;
using Dept.Core.Reports;

namespace Dept.Core.Tests.Tracking;

public sealed class SmokeTests
{
    [Fact]
    public void MutexAbba_ReportsDeadlock()
    {
        var t = new TestEngine();
        var k1 = new DeptKey("m1");
        var k2 = new DeptKey("m2");
        object a = new(), b = new();
        t.Lock(k1, a, 10); t.Lock(k2, b, 11); t.Unlock(b); t.Unlock(a);
        Assert.Empty(t.Reports);
        t.Lock(k2, b, 20); t.Lock(k1, a, 21); t.Unlock(a); t.Unlock(b);
        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        Assert.Equal(2, report.Contexts.Count);
        Console.WriteLine(TextReportRenderer.Render(report));
    }
}
