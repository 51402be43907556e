using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>SpinLock (#10): a non-reentrant DEPT lock classed by its field; Exit closes the context it opened.</summary>
[Collection(EngineCollection.Name)]
public sealed class SpinLockPatchesTests
{
    private static readonly DeptSite s_enter = PatchEngine.Site("SpinLock.Enter(Orders.Cache._spin)");
    private static readonly DeptSite s_exit = PatchEngine.Site("SpinLock.Exit(Orders.Cache._spin)");
    private static readonly DeptSite s_lockLedger = PatchEngine.Site("Monitor.Enter(Orders.Ledger._sync)");
    private static readonly DeptSite s_unlockLedger = PatchEngine.Site("Monitor.Exit(Orders.Ledger._sync)");

    [Fact]
    public void ReEnter_SameSpinLock_ReportsSelfDeadlockBeforeSpinning()
    {
        using var dept = new PatchEngine();
        var spin = new SpinLock(enableThreadOwnerTracking: true);
        bool first = false, second = false;

        Enter(ref spin, ref first);
        SpinLockPatches.Enter.Prefix(ref spin, ref second, s_enter, out var state); // what the shim records before the real Enter
        var thrown = Assert.Throws<LockRecursionException>(() => spin.Enter(ref second)); // owner tracking: throws instead of spinning forever
        SpinLockPatches.Enter.Finalizer(ref spin, ref second, state, thrown, s_enter);
        Exit(ref spin);
        var ledger = new object();
        MonitorPatchesTests.Lock(ledger, s_lockLedger);
        MonitorPatchesTests.Unlock(ledger, s_unlockLedger);

        var report = Assert.Single(dept.Reports);
        Assert.Equal(DeptReportKind.AADeadlock, report.Kind);
        Assert.Equal("Orders.Cache._spin", report.Contexts[0].Start.ClassName);
        Assert.DoesNotContain(dept.Edges(), static e => e.EndsWith("Orders.Ledger._sync", StringComparison.Ordinal)); // both contexts closed
    }

    [Fact]
    public void ExitClosesTheContext_LaterWaitsAreNotUnderIt()
    {
        using var dept = new PatchEngine();
        var spin = new SpinLock(enableThreadOwnerTracking: false);
        var ledger = new object();
        var taken = false;

        Enter(ref spin, ref taken);
        Exit(ref spin);
        MonitorPatchesTests.Lock(ledger, s_lockLedger);
        MonitorPatchesTests.Unlock(ledger, s_unlockLedger);

        Assert.Empty(dept.Edges());
        Assert.Equal(1, dept.EventContexts - 1); // the spin lock's and the monitor's contexts, one each
    }

    [Fact]
    public void TryEnterZeroTimeout_NotAWait_ContextOnSuccess()
    {
        using var dept = new PatchEngine();
        var spin = new SpinLock(enableThreadOwnerTracking: false);
        var ledger = new object();
        var taken = false;

        SpinLockPatches.TryEnterMilliseconds.Prefix(ref spin, 0, ref taken, s_enter);
        spin.TryEnter(0, ref taken);
        SpinLockPatches.TryEnterMilliseconds.Postfix(ref spin, ref taken, s_enter);
        MonitorPatchesTests.Lock(ledger, s_lockLedger);
        MonitorPatchesTests.Unlock(ledger, s_unlockLedger);
        Exit(ref spin);

        Assert.True(taken);
        Assert.Equal(1, dept.Waits); // only the monitor's
        Assert.Contains("Orders.Cache._spin -> Orders.Ledger._sync", dept.Edges());
    }

    private static void Enter(ref SpinLock spin, ref bool taken)
    {
        SpinLockPatches.Enter.Prefix(ref spin, ref taken, s_enter, out var state);
        spin.Enter(ref taken);
        SpinLockPatches.Enter.Finalizer(ref spin, ref taken, state, null, s_enter);
    }

    private static void Exit(ref SpinLock spin)
    {
        spin.Exit();
        SpinLockPatches.Exit.Postfix(ref spin, s_exit);
    }
}
