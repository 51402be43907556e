using Dept.Instrumentation.Tests.Support;
using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>
/// Monitor patches called exactly as a rewritten <c>lock</c> statement calls them: prefix, original, postfix.
/// Sites name the receiver's field (<c>Monitor.Enter(Orders.Account._sync)</c>), as the rewriter does.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class MonitorPatchesTests
{
    private static readonly DeptSite s_enterAccount = PatchEngine.Site("Monitor.Enter(Orders.Account._sync)");
    private static readonly DeptSite s_exitAccount = PatchEngine.Site("Monitor.Exit(Orders.Account._sync)");
    private static readonly DeptSite s_enterLedger = PatchEngine.Site("Monitor.Enter(Orders.Ledger._sync)");
    private static readonly DeptSite s_exitLedger = PatchEngine.Site("Monitor.Exit(Orders.Ledger._sync)");

    [Fact]
    public void LockStatement_AbbaAcrossInstances_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        object account1 = new(), ledger1 = new(), account2 = new(), ledger2 = new();

        Lock(account1, s_enterAccount);
        Lock(ledger1, s_enterLedger);
        Unlock(ledger1, s_exitLedger);
        Unlock(account1, s_exitAccount);
        Assert.Empty(dept.Reports);

        Lock(ledger2, s_enterLedger);
        Lock(account2, s_enterAccount);
        Unlock(account2, s_exitAccount);
        Unlock(ledger2, s_exitLedger);

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        Assert.Equal(
            ["Orders.Account._sync", "Orders.Ledger._sync"],
            report.Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
        Assert.False(Monitor.IsEntered(account2));
    }

    [Fact]
    public void LockStatement_SameOrderTwice_NoReport()
    {
        using var dept = new PatchEngine();
        for (var i = 0; i < 2; i++)
        {
            object account = new(), ledger = new();
            Lock(account, s_enterAccount);
            Lock(ledger, s_enterLedger);
            Unlock(ledger, s_exitLedger);
            Unlock(account, s_exitAccount);
        }

        Assert.Empty(dept.Reports);
        Assert.Equal(["Orders.Account._sync -> Orders.Ledger._sync"], dept.Edges());
    }

    [Fact]
    public void Reentrant_SameInstance_IsNotAWaitNorAADeadlock()
    {
        using var dept = new PatchEngine();
        var account = new object();

        Lock(account, s_enterAccount);
        Lock(account, s_enterAccount);
        Assert.True(Monitor.IsEntered(account));
        Unlock(account, s_exitAccount);
        Assert.True(Monitor.IsEntered(account));
        Unlock(account, s_exitAccount);

        Assert.False(Monitor.IsEntered(account));
        Assert.Empty(dept.Reports);
        Assert.Equal(1, dept.Waits);
    }

    [Fact]
    public void Exit_ClosesTheEventContext()
    {
        using var dept = new PatchEngine();
        object account = new(), ledger = new();

        Lock(account, s_enterAccount);
        Unlock(account, s_exitAccount);
        Lock(ledger, s_enterLedger);
        Unlock(ledger, s_exitLedger);

        Assert.Empty(dept.Edges());
    }

    [Fact]
    public void EnterWithoutRef_RecordsWaitAndContext()
    {
        using var dept = new PatchEngine();
        object account = new(), ledger = new();

        MonitorPatches.Enter.Prefix(account, s_enterAccount, ref TestSlot.Current);
        Monitor.Enter(account);
        MonitorPatches.Enter.Prefix(ledger, s_enterLedger, ref TestSlot.Current);
        Monitor.Enter(ledger);
        Unlock(ledger, s_exitLedger);
        Unlock(account, s_exitAccount);

        Assert.Equal(["Orders.Account._sync -> Orders.Ledger._sync"], dept.Edges());
    }

    [Fact]
    public void EnterRef_LockTakenAlreadyTrue_RecordsNothingAndOriginalThrows()
    {
        using var dept = new PatchEngine();
        var account = new object();
        var taken = true;

        MonitorPatches.EnterRef.Prefix(account, ref taken, s_enterAccount, ref TestSlot.Current);
        Assert.Throws<ArgumentException>(() => Monitor.Enter(account, ref taken));

        Assert.Equal(0, dept.EventContexts);
    }

    [Fact]
    public void TryEnter_Fails_OpensNoContext()
    {
        using var dept = new PatchEngine();
        object account = new(), ledger = new();
        using var held = new HeldElsewhere(account);

        var acquired = Monitor.TryEnter(account);
        MonitorPatches.TryEnter.Postfix(account, acquired, s_enterAccount);
        Lock(ledger, s_enterLedger);
        Unlock(ledger, s_exitLedger);

        Assert.False(acquired);
        Assert.Empty(dept.Edges());
    }

    [Fact]
    public void TryEnterRef_Succeeds_OpensContextWithoutWait()
    {
        using var dept = new PatchEngine();
        object account = new(), ledger = new();

        var taken = false;
        Monitor.TryEnter(account, ref taken);
        MonitorPatches.TryEnterRef.Postfix(account, ref taken, s_enterAccount);
        Lock(ledger, s_enterLedger);
        Unlock(ledger, s_exitLedger);
        Unlock(account, s_exitAccount);

        Assert.True(taken);
        Assert.Equal(1, dept.Waits);
        Assert.Equal(["Orders.Account._sync -> Orders.Ledger._sync"], dept.Edges());
    }

    [Fact]
    public void TimedTryEnter_IsATimeoutWait()
    {
        using var dept = new PatchEngine(trackTimeouts: true);
        object account = new(), ledger = new();

        Lock(account, s_enterAccount);
        MonitorPatches.TryEnterMilliseconds.Prefix(ledger, 5_000, s_enterLedger);
        var acquired = Monitor.TryEnter(ledger, 5_000);
        MonitorPatches.TryEnterMilliseconds.Postfix(ledger, acquired, s_enterLedger);
        Unlock(ledger, s_exitLedger);
        Unlock(account, s_exitAccount);

        Assert.True(acquired);
        Assert.Equal(["Orders.Account._sync -> Orders.Ledger._sync"], dept.TimeoutEdges());
    }

    [Fact]
    public void TimedTryEnter_TimeoutWaitsNotTracked_NoDependency()
    {
        using var dept = new PatchEngine();
        object account = new(), ledger = new();

        Lock(account, s_enterAccount);
        var taken = false;
        MonitorPatches.TryEnterTimeSpanRef.Prefix(ledger, TimeSpan.FromSeconds(5), s_enterLedger);
        Monitor.TryEnter(ledger, TimeSpan.FromSeconds(5), ref taken);
        MonitorPatches.TryEnterTimeSpanRef.Postfix(ledger, ref taken, s_enterLedger);
        Unlock(ledger, s_exitLedger);
        Unlock(account, s_exitAccount);

        Assert.True(taken);
        Assert.Empty(dept.Edges());
    }

    [Fact]
    public void InfiniteTimedTryEnter_IsAPlainWait()
    {
        using var dept = new PatchEngine(trackTimeouts: true);
        object account = new(), ledger = new();

        Lock(account, s_enterAccount);
        var taken = false;
        MonitorPatches.TryEnterMillisecondsRef.Prefix(ledger, Timeout.Infinite, s_enterLedger);
        Monitor.TryEnter(ledger, Timeout.Infinite, ref taken);
        MonitorPatches.TryEnterMillisecondsRef.Postfix(ledger, ref taken, s_enterLedger);
        Unlock(ledger, s_exitLedger);
        Unlock(account, s_exitAccount);

        Assert.Equal(["Orders.Account._sync -> Orders.Ledger._sync"], dept.Edges());
        Assert.Empty(dept.TimeoutEdges());
    }

    [Fact]
    public void Patches_WithoutEngine_ChangeNothing()
    {
        Assert.Null(Dept.Core.Tracking.DeptRuntime.Current);
        var account = new object();

        Lock(account, s_enterAccount);
        Assert.True(Monitor.IsEntered(account));
        Unlock(account, s_exitAccount);

        Assert.False(Monitor.IsEntered(account));
    }

    [Fact]
    public void MethodGroup_InvokedThroughDelegates_RecordsTheSameDependency()
    {
        using var dept = new PatchEngine();
        object account = new(), ledger = new();

        // A rewritten `Action<object> enter = Monitor.Enter;` binds the delegate to a shim that runs the patch.
        Action<object> enter = o => { MonitorPatches.Enter.Prefix(o, o == account ? s_enterAccount : s_enterLedger, ref TestSlot.Current); Monitor.Enter(o); };
        Action<object> exit = o => { Monitor.Exit(o); MonitorPatches.Exit.Postfix(o, s_exitAccount, ref TestSlot.Current); };
        enter(account);
        enter(ledger);
        exit(ledger);
        exit(account);

        Assert.Equal(["Orders.Account._sync -> Orders.Ledger._sync"], dept.Edges());
    }

    internal static void Lock(object o, DeptSite site)
    {
        var taken = false;
        MonitorPatches.EnterRef.Prefix(o, ref taken, site, ref TestSlot.Current);
        Monitor.Enter(o, ref taken);
    }

    internal static void Unlock(object o, DeptSite site)
    {
        Monitor.Exit(o);
        MonitorPatches.Exit.Postfix(o, site, ref TestSlot.Current);
    }

    /// <summary>Holds a monitor on another thread until disposed.</summary>
    private sealed class HeldElsewhere : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly Task _holder;

        public HeldElsewhere(object o)
        {
            using var entered = new ManualResetEventSlim();
            _holder = Task.Factory.StartNew(() =>
            {
                lock (o)
                {
                    entered.Set();
                    _release.Wait(TimeSpan.FromSeconds(30));
                }
            }, TaskCreationOptions.LongRunning);
            Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        }

        public void Dispose()
        {
            _release.Set();
            Assert.True(_holder.Wait(TimeSpan.FromSeconds(30)));
            _release.Dispose();
        }
    }
}
