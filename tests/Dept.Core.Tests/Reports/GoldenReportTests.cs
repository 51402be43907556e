using Dept.Core.Annotations;
using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Tests.Reports;

/// <summary>The text report, dept_stats and dept_deps are contracts: golden files pin them.</summary>
public sealed class GoldenReportTests
{
    [Fact]
    public void AbbaReport_MatchesGolden()
    {
        var t = RunAbbaAndCompletion();
        var abba = t.Reports.Single(r => r.Contexts.All(c => c.Start.ClassName.StartsWith("Orders.", StringComparison.Ordinal) && !c.Start.ClassName.EndsWith("_done", StringComparison.Ordinal)));
        Golden.Verify("abba-report.txt", TextReportRenderer.Render(abba));
    }

    [Fact]
    public void LockAndCompletionReport_MatchesGolden()
    {
        var t = RunAbbaAndCompletion();
        var completion = t.Reports.Single(r => r.Contexts.Any(c => c.Start.ClassName.EndsWith("_done", StringComparison.Ordinal)));
        Golden.Verify("completion-report.txt", TextReportRenderer.Render(completion));
    }

    [Fact]
    public void DeptDeps_MatchesGolden()
    {
        var t = RunAbbaAndCompletion();
        Golden.Verify("dept_deps.txt", ProcFormat.DeptDeps(t.Engine.CreateDocument()));
    }

    [Fact]
    public void DeptStats_MatchesGolden()
    {
        var t = RunAbbaAndCompletion();
        Golden.Verify("dept_stats.txt", ProcFormat.DeptStats(t.Engine.GetStats()));
    }

    [Fact]
    public void TimeoutReport_MatchesGolden()
    {
        var t = new TestEngine(o => o.TrackTimeoutWaits = true);
        var a = new DeptKey("Cache._gate");
        var b = new DeptKey("Cache._flush");
        object la = new(), lb = new();
        TestEngine.OnThread(() =>
        {
            t.Lock(a, la, 10); t.Lock(b, lb, 11); t.Unlock(lb, 12); t.Unlock(la, 13);
            t.Lock(b, lb, 20); t.Lock(a, la, 21, flags: DeptLockFlags.Timeout); t.Unlock(la, 22); t.Unlock(lb, 23);
        });
        Golden.Verify("timeout-report.txt", TextReportRenderer.Render(Assert.Single(t.Reports)));
    }

    // Everything on one dedicated thread so counters, thread counts and memory are the same on every run.
    private static TestEngine RunAbbaAndCompletion()
    {
        var t = new TestEngine();
        var account = new DeptKey("Orders.Account._sync");
        var ledger = new DeptKey("Orders.Ledger._sync");
        var done = new DeptMap(new DeptKey("Orders.Account._done"));
        object a1 = new(), a2 = new(), l1 = new();
        TestEngine.OnThread(() =>
        {
            var e = t.Engine;
            e.Acquire(account, a1, TestEngine.Site("Monitor.Enter", 41, "Account.cs", "Orders.Account.Transfer"));
            e.Acquire(ledger, l1, TestEngine.Site("Monitor.Enter", 42, "Account.cs", "Orders.Account.Transfer"));
            e.Release(l1, TestEngine.Site("Monitor.Exit", 43, "Account.cs", "Orders.Account.Transfer"));
            e.Release(a1, TestEngine.Site("Monitor.Exit", 44, "Account.cs", "Orders.Account.Transfer"));
            e.Acquire(ledger, l1, TestEngine.Site("Monitor.Enter", 17, "Ledger.cs", "Orders.Ledger.Post"));
            e.Acquire(account, a2, TestEngine.Site("Monitor.Enter", 18, "Ledger.cs", "Orders.Ledger.Post"));
            e.Release(a2, TestEngine.Site("Monitor.Exit", 19, "Ledger.cs", "Orders.Ledger.Post"));
            e.Release(l1, TestEngine.Site("Monitor.Exit", 20, "Ledger.cs", "Orders.Ledger.Post"));

            e.Acquire(account, a1, TestEngine.Site("Monitor.Enter", 60, "Account.cs", "Orders.Account.Close"));
            e.Wait(done, TestEngine.Site("Task.Wait", 61, "Account.cs", "Orders.Account.Close"));
            e.Release(a1, TestEngine.Site("Monitor.Exit", 62, "Account.cs", "Orders.Account.Close"));
            e.NewContext();
            e.Acquire(account, a2, TestEngine.Site("Monitor.Enter", 80, "Account.cs", "Orders.Account.Settle"));
            e.Release(a2, TestEngine.Site("Monitor.Exit", 81, "Account.cs", "Orders.Account.Settle"));
            e.Event(done, TestEngine.Site("TaskCompletionSource.SetResult", 82, "Account.cs", "Orders.Account.Settle"));
        }, "worker");
        Assert.Equal(2, t.Reports.Count);
        return t;
    }
}
