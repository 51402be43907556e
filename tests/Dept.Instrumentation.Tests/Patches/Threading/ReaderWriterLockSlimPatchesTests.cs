using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>ReaderWriterLockSlim with DEPT's read/write rules (research/dept.md section 1.4 C).</summary>
[Collection(EngineCollection.Name)]
public sealed class ReaderWriterLockSlimPatchesTests
{
    private static readonly DeptSite s_a = PatchEngine.Site("ReaderWriterLockSlim.Enter(Orders.Catalog._rw)");
    private static readonly DeptSite s_b = PatchEngine.Site("ReaderWriterLockSlim.Enter(Orders.Prices._rw)");
    private static readonly DeptSite s_exit = PatchEngine.Site("ReaderWriterLockSlim.Exit");
    private static readonly DeptSite s_lockM = PatchEngine.Site("Monitor.Enter(Orders.Cache._sync)");
    private static readonly DeptSite s_unlockM = PatchEngine.Site("Monitor.Exit(Orders.Cache._sync)");

    [Fact]
    public void Reader_WaitsReadAndWrite_HoldsRead()
    {
        using var dept = new PatchEngine();
        using ReaderWriterLockSlim a = new(), b = new();

        Read(a, s_a);
        Read(b, s_b);
        Assert.True(b.IsReadLockHeld);
        Exit(b, () => b.ExitReadLock());
        Exit(a, () => a.ExitReadLock());

        Assert.Equal(["Orders.Catalog._rw.R -> Orders.Prices._rw", "Orders.Catalog._rw.R -> Orders.Prices._rw.R"], dept.Edges().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReaderThenMutex_MutexThenWriter_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        using var a = new ReaderWriterLockSlim();
        var m = new object();

        // T1: read(A); lock(M)  => A.R -> M
        Read(a, s_a);
        MonitorPatchesTests.Lock(m, s_lockM);
        MonitorPatchesTests.Unlock(m, s_unlockM);
        Exit(a, () => a.ExitReadLock());
        Assert.Empty(dept.Reports);

        // T2: lock(M); write(A) => M -> A.R, M -> A.W: the writer needs the reader's unlock.
        MonitorPatchesTests.Lock(m, s_lockM);
        Write(a, s_a);
        Exit(a, () => a.ExitWriteLock());
        MonitorPatchesTests.Unlock(m, s_unlockM);

        Assert.True(dept.Reports.Count == 1, dept.Describe());
    }

    [Fact]
    public void UpgradeableThenUpgrade_IsNotASelfWait()
    {
        using var dept = new PatchEngine();
        using var a = new ReaderWriterLockSlim();

        ReaderWriterLockSlimPatches.EnterUpgradeableReadLock.Prefix(a, s_a);
        a.EnterUpgradeableReadLock();
        Write(a, s_a);
        Assert.True(a.IsWriteLockHeld);
        Exit(a, () => a.ExitWriteLock());
        Exit(a, () => a.ExitUpgradeableReadLock());

        Assert.False(a.IsUpgradeableReadLockHeld);
        Assert.Empty(dept.Reports);
        Assert.Equal(1, dept.Waits); // the upgradeable's wait for W only
    }

    [Fact]
    public void RecursiveReadWithoutRecursion_OriginalThrows_FinalizerClosesTheContext()
    {
        using var dept = new PatchEngine();
        using var a = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion);
        var m = new object();

        Read(a, s_a);
        ReaderWriterLockSlimPatches.EnterReadLock.Prefix(a, s_a);
        var thrown = Record.Exception(a.EnterReadLock);
        ReaderWriterLockSlimPatches.EnterReadLock.Finalizer(a, thrown, s_a);
        Exit(a, () => a.ExitReadLock());
        MonitorPatchesTests.Lock(m, s_lockM);
        MonitorPatchesTests.Unlock(m, s_unlockM);

        Assert.IsType<LockRecursionException>(thrown);
        Assert.DoesNotContain(dept.Edges(), static e => e.EndsWith("-> Orders.Cache._sync", StringComparison.Ordinal));
    }

    [Fact]
    public void TryEnterWrite_Timed_IsTimeoutWait_FailureOpensNothing()
    {
        using var dept = new PatchEngine(trackTimeouts: true);
        using var a = new ReaderWriterLockSlim();
        var m = new object();
        using var reading = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var reader = Task.Factory.StartNew(() =>
        {
            a.EnterReadLock();
            reading.Set();
            done.Wait(TimeSpan.FromSeconds(30));
            a.ExitReadLock();
        }, TaskCreationOptions.LongRunning);
        Assert.True(reading.Wait(TimeSpan.FromSeconds(30)));

        MonitorPatchesTests.Lock(m, s_lockM);
        ReaderWriterLockSlimPatches.TryEnterWriteLockMilliseconds.Prefix(a, 1, s_a);
        var acquired = a.TryEnterWriteLock(1);
        ReaderWriterLockSlimPatches.TryEnterWriteLockMilliseconds.Postfix(a, acquired, s_a);
        MonitorPatchesTests.Unlock(m, s_unlockM);
        done.Set();
        Assert.True(reader.Wait(TimeSpan.FromSeconds(30)));

        Assert.False(acquired);
        Assert.Equal(["Orders.Cache._sync -> Orders.Catalog._rw", "Orders.Cache._sync -> Orders.Catalog._rw.R"], dept.TimeoutEdges().Order(StringComparer.Ordinal));
        Assert.Equal(1, dept.EventContexts);
    }

    private static void Read(ReaderWriterLockSlim rw, DeptSite site)
    {
        ReaderWriterLockSlimPatches.EnterReadLock.Prefix(rw, site);
        rw.EnterReadLock();
        ReaderWriterLockSlimPatches.EnterReadLock.Finalizer(rw, null, site);
    }

    private static void Write(ReaderWriterLockSlim rw, DeptSite site)
    {
        ReaderWriterLockSlimPatches.EnterWriteLock.Prefix(rw, site);
        rw.EnterWriteLock();
        ReaderWriterLockSlimPatches.EnterWriteLock.Finalizer(rw, null, site);
    }

    private static void Exit(ReaderWriterLockSlim rw, Action exit)
    {
        exit();
        ReaderWriterLockSlimPatches.Exit.Postfix(rw, s_exit);
    }
}
