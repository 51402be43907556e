using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Runtime;

public sealed class RunSummaryTests
{
    [Fact]
    public void Summary_ListsCountsCyclesWithFingerprintsAndUninstrumentedCalls()
    {
        var engine = Abba();
        var document = engine.CreateDocument([new DeptUninstrumentedCall("WaitHandle.SignalAndWait", "Jobs.cs:12", 3)]);

        var text = RunSummary.Render(document, "/out/dept-report.json", failOnCycle: true);

        Assert.Contains("  classes:      2\n", text, StringComparison.Ordinal);
        Assert.Contains("  dependencies: 2\n", text, StringComparison.Ordinal);
        Assert.Contains("  cycles:       1\n", text, StringComparison.Ordinal);
        Assert.Contains($"    DEADLOCK {engine.Reports[0].Fingerprint}  ", text, StringComparison.Ordinal);
        Assert.Contains("Orders.A._sync", text, StringComparison.Ordinal);
        Assert.Contains("    WaitHandle.SignalAndWait at Jobs.cs:12 x3\n", text, StringComparison.Ordinal);
        Assert.Contains("  report: /out/dept-report.json\n", text, StringComparison.Ordinal);
        Assert.EndsWith("dept: FAILED: 1 cycle(s) found and DEPT_FAIL_ON_CYCLE is on\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_PrintsEachCycleInFull_WithAdvice_BeforeWhereTheReportIs()
    {
        var engine = Abba();
        var text = RunSummary.Render(engine.CreateDocument(), "/out/dept-report.json", failOnCycle: false);

        var full = Dept.Core.Reports.TextReportRenderer.Render(engine.Reports[0]);
        Assert.Contains(full, text, StringComparison.Ordinal);
        Assert.Contains("advice: take these locks in one global order", full, StringComparison.Ordinal);
        Assert.True(text.IndexOf(full, StringComparison.Ordinal) < text.IndexOf("  report: /out/dept-report.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Summary_CleanRun_SaysSoAndNeverFails()
    {
        var document = new DeptEngine(new DeptOptions { CaptureStacks = false }).CreateDocument();

        var text = RunSummary.Render(document, reportPath: null, failOnCycle: true);

        Assert.Contains("  cycles:       0\n", text, StringComparison.Ordinal);
        Assert.Contains("  uninstrumented calls: none\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_UnmodelledCallRan_FirstLineSaysPartialCoverage_CountsRuns()
    {
        var document = new DeptEngine(new DeptOptions { CaptureStacks = false, Source = "Jobs.Tests" }).CreateDocument(
        [
            new DeptUninstrumentedCall("SpinWait.SpinUntil", "Jobs.Worker.Run (Worker.cs:12)", 5) { Reason = "the event the condition waits for is unknown" },
            new DeptUninstrumentedCall("WaitHandle.SignalAndWait", "Jobs.Worker.Stop (Worker.cs:40)", 0),
        ]);

        var text = RunSummary.Render(document, reportPath: null, failOnCycle: false);

        Assert.StartsWith("dept: Jobs.Tests (partial coverage: 5 unmodelled blocking call(s) ran)\n", text, StringComparison.Ordinal);
        Assert.Contains("  uninstrumented calls: 5 run(s) at 1 site(s) Dept does not model\n", text, StringComparison.Ordinal);
        Assert.Contains("    SpinWait.SpinUntil at Jobs.Worker.Run (Worker.cs:12) x5: the event the condition waits for is unknown\n", text, StringComparison.Ordinal);
        Assert.Contains("    WaitHandle.SignalAndWait at Jobs.Worker.Stop (Worker.cs:40) (did not run)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_UnmodelledCallsSeenButNoneRan_SaysNoneRan_NotNone()
    {
        var document = new DeptEngine(new DeptOptions { CaptureStacks = false, Source = "Jobs.Tests" }).CreateDocument(
            [new DeptUninstrumentedCall("WaitHandle.SignalAndWait", "Jobs.Worker.Stop (Worker.cs:40)", 0)]);

        var text = RunSummary.Render(document, reportPath: null, failOnCycle: false);

        Assert.StartsWith("dept: Jobs.Tests\n", text, StringComparison.Ordinal);
        Assert.Contains("  uninstrumented calls: none ran (1 call site(s) seen by the rewriter)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_ManyUnmodelledSites_ListsTwentyAndPointsToTheReport()
    {
        var calls = Enumerable.Range(1, 25).Select(static i => new DeptUninstrumentedCall("SpinWait.SpinUntil", $"Jobs.W.Run (W.cs:{i})", 1)).ToList();
        var document = new DeptEngine(new DeptOptions { CaptureStacks = false }).CreateDocument(calls);

        var text = RunSummary.Render(document, reportPath: null, failOnCycle: false);

        Assert.Equal(20, text.Split('\n').Count(static l => l.StartsWith("    SpinWait.SpinUntil at ", StringComparison.Ordinal)));
        Assert.Contains("    ... 5 more in the JSON report\n", text, StringComparison.Ordinal);
        Assert.Contains("  uninstrumented calls: 25 run(s) at 25 site(s) Dept does not model\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_UnreachableEventFails_NeverFiredIsOnlyListed()
    {
        var engine = new DeptEngine(new DeptOptions { CaptureStacks = false });
        var latch = new DeptMap(DeptKey.Named("Orders.Latch"));
        var shutdown = new DeptMap(DeptKey.Named("Orders.Shutdown"));
        engine.Wait(latch, DeptSite.Create("Latch.Wait", "Orders.Checkout.Run", "/src/Checkout.cs", 20));
        engine.Wait(shutdown, DeptSite.Create("Shutdown.Wait", "Orders.Host.Run", "/src/Host.cs", 7), timeout: true);
        engine.ReportAbandoned(latch, Core.Reports.DeptUnreachableReason.Released, "disposed", "Latch.Set", null, DeptSite.Create("new Latch", "Orders.Checkout.Run", "/src/Checkout.cs", 18), null);
        engine.CheckNeverFired();

        var text = RunSummary.Render(engine.CreateDocument(), reportPath: null, failOnCycle: true);

        Assert.Contains("  cycles:       0\n", text, StringComparison.Ordinal);
        Assert.Contains("  unreachable events: 1\n", text, StringComparison.Ordinal);
        Assert.Contains("    UNREACHABLE ", text, StringComparison.Ordinal);
        Assert.Contains("[W] Latch.Wait(Orders.Latch:0) at Checkout.cs:20  [E] Latch.Set(Orders.Latch:0) at Checkout.cs:18", text, StringComparison.Ordinal);
        Assert.Contains("  never fired (warnings): 1\n", text, StringComparison.Ordinal);
        Assert.Contains("[W] Shutdown.Wait(Orders.Shutdown:0) at Host.cs:7 (timed)", text, StringComparison.Ordinal);
        Assert.EndsWith("dept: FAILED: 0 cycle(s) and 1 unreachable event(s) found and DEPT_FAIL_ON_CYCLE is on\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_StoppedEngine_SaysWhy()
    {
        var engine = Abba();
        engine.Stop("internal failure in a patch: X");

        var text = RunSummary.Render(engine.CreateDocument(), reportPath: null, failOnCycle: false);

        Assert.Contains("  tracking stopped early: internal failure in a patch: X\n", text, StringComparison.Ordinal);
        Assert.Contains("  cycles:       1\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.Threading.WaitHandle::SignalAndWait", "WaitHandle.SignalAndWait")]
    [InlineData("System.Threading.Lock/Scope::Dispose", "Lock.Scope.Dispose")]
    [InlineData("Plain", "Plain")]
    [InlineData("System.Collections.Concurrent.BlockingCollection`1::TakeFromAny", "BlockingCollection.TakeFromAny")]
    public void ApiName_ShortensManifestKeys(string api, string expected) => Assert.Equal(expected, RunOutput.ApiName(api));

    internal static DeptEngine Abba()
    {
        var engine = new DeptEngine(new DeptOptions { CaptureStacks = false, Source = "summary test" });
        DeptKey a = DeptKey.Named("Orders.A._sync"), b = DeptKey.Named("Orders.B._sync");
        object a1 = new(), b1 = new();
        var site = DeptSite.Create("Monitor.Enter", "Tests", "/src/T.cs", 1);
        engine.Acquire(a, a1, site);
        engine.Acquire(b, b1, site);
        engine.Release(b1);
        engine.Release(a1);
        engine.Acquire(b, b1, site);
        engine.Acquire(a, a1, site);
        engine.Release(a1);
        engine.Release(b1);
        return engine;
    }
}
