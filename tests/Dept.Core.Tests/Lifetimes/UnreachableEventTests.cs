using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Lifetimes;
using Dept.Core.Reports;
using Dept.Core.Tests.Tracking;
using Dept.Core.Tracking;

namespace Dept.Core.Tests.Lifetimes;

/// <summary>
/// Unreachable events through the annotation API: a user primitive's explicit "abandoned" hook, its GC-based
/// owner tracking, and the never-fired check. Tests that install the process-wide engine run one at a time.
/// </summary>
[Collection(SelfLogCollection.Name)]
public sealed class UnreachableEventTests
{
    private static readonly DeptSite s_created = TestEngine.Site("new Latch", 10, "Latch.cs", "Orders.Latch..ctor");
    private static readonly DeptSite s_wait = TestEngine.Site("Latch.Wait", 20, "Checkout.cs", "Orders.Checkout.Run");
    private static readonly DeptSite s_dispose = TestEngine.Site("Latch.Dispose", 30, "Checkout.cs", "Orders.Checkout.Cancel");

    [Fact]
    public void Abandon_WithBlockedWaiter_ReportsWaitAndEvent_Once()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("Orders.Latch"));
        TestEngine.OnThread(() => t.Engine.Wait(map, s_wait), "checkout");

        Install(t.Engine, () => DeptSdt.Abandon(map, "disposed while a waiter was blocked", s_dispose, s_created));
        Install(t.Engine, () => DeptSdt.Abandon(map, "disposed again", s_dispose, s_created));

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.UnreachableEvent, report.Kind);
        Assert.Equal(DeptUnreachableReason.Released, report.Reason);
        var context = Assert.Single(report.Contexts);
        Assert.Equal(20, context.Wait.Location?.Line);
        Assert.Equal(10, context.Event.Location?.Line);
        Assert.Contains("disposed while a waiter was blocked", context.Event.Note, StringComparison.Ordinal);
        Assert.StartsWith("checkout", context.Thread, StringComparison.Ordinal);
        Assert.Equal(1, t.Engine.GetStats().UnreachableEvents);
    }

    [Fact]
    public void Abandon_AfterTheEventFired_ReportsNothing()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("Orders.Latch"));
        TestEngine.OnThread(() => t.Engine.Wait(map, s_wait));
        TestEngine.OnThread(() => t.Engine.Event(map, TestEngine.Site("Latch.Set", 25)));

        Install(t.Engine, () => DeptSdt.Abandon(map, "disposed", s_dispose));

        Assert.Empty(t.Reports);
    }

    [Fact]
    public void Abandon_WithOnlyACallbackOutstanding_IsReported()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("Orders.Latch"));

        Install(t.Engine, () => DeptSdt.Abandon(map, "released", s_dispose, outstanding: ["callback Orders.Audit.OnDone"]));

        var context = Assert.Single(Assert.Single(t.Reports).Contexts);
        Assert.Equal("callback Orders.Audit.OnDone", context.Wait.Function);
    }

    [Fact]
    public void TrackSource_OwnerCollectedWithWaiter_ReportedOnce_NamingCreationAndWaitSite()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("Orders.Latch"));
        Install(t.Engine, () =>
        {
            RegisterDroppedOwner(map);
            TestEngine.OnThread(() => t.Engine.Wait(map, s_wait));
            DeptSources.CollectAndSweep();
            DeptSources.CollectAndSweep();
        });

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptUnreachableReason.Collected, report.Reason);
        var context = Assert.Single(report.Contexts);
        Assert.Equal("Latch.Wait", context.Wait.Function);
        Assert.Equal(20, context.Wait.Location?.Line);
        Assert.Equal(10, context.Event.Location?.Line);
        Assert.Contains(report.Notes, n => n.Contains("created at", StringComparison.Ordinal) && n.Contains("Latch.cs:10", StringComparison.Ordinal));
    }

    [Fact]
    public void TrackSource_OwnerAlive_OrNoWaiter_ReportsNothing()
    {
        var t = new TestEngine();
        var waited = new DeptMap(new DeptKey("Orders.Latch"));
        var unwaited = new DeptMap(new DeptKey("Orders.Latch"));
        var owner = new object();
        Install(t.Engine, () =>
        {
            DeptSdt.TrackSource(owner, waited, s_created);
            RegisterDroppedOwner(unwaited);
            TestEngine.OnThread(() => t.Engine.Wait(waited, s_wait));
            DeptSources.CollectAndSweep();
        });

        GC.KeepAlive(owner);
        Assert.Empty(t.Reports);
    }

    [Fact]
    public void DetectAbandonedSourcesOff_NothingRegisteredNorReported()
    {
        var t = new TestEngine(o => o.DetectAbandonedSources = false);
        var map = new DeptMap(new DeptKey("Orders.Latch"));
        Install(t.Engine, () =>
        {
            RegisterDroppedOwner(map);
            TestEngine.OnThread(() => t.Engine.Wait(map, s_wait));
            DeptSdt.Abandon(map, "disposed", s_dispose);
            DeptSources.CollectAndSweep();
        });

        Assert.Empty(t.Reports);
        Assert.Equal(0, t.Engine.GetStats().TrackedSources);
    }

    [Fact]
    public void NeverFired_TimedWaitNobodySets_IsAWarningWithItsWaitSite()
    {
        var t = new TestEngine();
        var never = new DeptMap(new DeptKey("Orders.Shutdown"));
        var fired = new DeptMap(new DeptKey("Orders.Ready"));
        TestEngine.OnThread(() =>
        {
            t.Engine.Wait(never, s_wait, timeout: true);
            t.Engine.Wait(fired, TestEngine.Site("Ready.Wait", 40));
        }, "poller");
        TestEngine.OnThread(() => t.Engine.Event(fired, TestEngine.Site("Ready.Set", 41)));

        var found = t.Engine.CheckNeverFired();
        t.Engine.CheckNeverFired();

        var report = Assert.Single(found);
        Assert.Same(report, Assert.Single(t.Reports));
        Assert.Equal(DeptReportKind.NeverFiredEvent, report.Kind);
        Assert.Equal(DeptUnreachableReason.NeverFired, report.Reason);
        var context = Assert.Single(report.Contexts);
        Assert.Equal("Orders.Shutdown", context.Wait.ClassName);
        Assert.Equal(20, context.Wait.Location?.Line);
        Assert.True(context.Timeout);
        Assert.StartsWith("poller", context.Thread, StringComparison.Ordinal);
        Assert.Equal(1, t.Engine.GetStats().NeverFiredEvents);
    }

    [Fact]
    public void NeverFiredCheckOff_ReportsNothing()
    {
        var t = new TestEngine(o => o.DetectNeverFiredEvents = false);
        var never = new DeptMap(new DeptKey("Orders.Shutdown"));
        TestEngine.OnThread(() => t.Engine.Wait(never, s_wait, timeout: true));

        Assert.Empty(t.Engine.CheckNeverFired());
    }

    [Fact]
    public void UnreachableReport_Text_HasWaitAndEventBlocks()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("Orders.Latch"));
        TestEngine.OnThread(() => t.Engine.Wait(map, s_wait), "checkout");
        Install(t.Engine, () => DeptSdt.Abandon(map, "disposed while a waiter was blocked", s_dispose, s_created));

        Golden.Verify("unreachable-report.txt", TextReportRenderer.Render(Assert.Single(t.Reports)));
    }

    [Fact]
    public void NeverFiredReport_Text_MatchesGolden()
    {
        var t = new TestEngine();
        var never = new DeptMap(new DeptKey("Orders.Shutdown"));
        TestEngine.OnThread(() => t.Engine.Wait(never, s_wait, timeout: true), "poller");

        Golden.Verify("never-fired-report.txt", TextReportRenderer.Render(Assert.Single(t.Engine.CheckNeverFired())));
    }

    // Not inlined, so no local of the caller keeps the owner alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterDroppedOwner(DeptMap map) => DeptSdt.TrackSource(new object(), map, s_created);

    private static void Install(DeptEngine engine, Action action)
    {
        var previous = DeptRuntime.Current;
        DeptRuntime.Install(engine);
        try
        {
            action();
        }
        finally
        {
            DeptRuntime.Install(previous);
        }
    }
}
