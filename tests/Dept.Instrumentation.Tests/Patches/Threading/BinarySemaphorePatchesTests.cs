using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>Kernel <see cref="Semaphore"/> created with a maximum of 1 and a free slot: a lock of the flow (#9).</summary>
[Collection(EngineCollection.Name)]
public sealed class BinarySemaphorePatchesTests
{
    private static readonly DeptSite s_waitA = PatchEngine.Site("WaitHandle.WaitOne(Orders.Store._a)");
    private static readonly DeptSite s_releaseA = PatchEngine.Site("Semaphore.Release(Orders.Store._a)");
    private static readonly DeptSite s_waitB = PatchEngine.Site("WaitHandle.WaitOne(Orders.Store._b)");
    private static readonly DeptSite s_releaseB = PatchEngine.Site("Semaphore.Release(Orders.Store._b)");

    [Fact]
    public void AbbaOfTwoBinarySemaphores_FoundFromTheOrderAlone()
    {
        using var dept = new PatchEngine();
        using var a = Created(1, 1);
        using var b = Created(1, 1);

        Wait(a, s_waitA);
        Wait(b, s_waitB);
        Release(b, s_releaseB);
        Release(a, s_releaseA);
        Assert.Empty(dept.Reports);
        Wait(b, s_waitB);
        Wait(a, s_waitA);
        Release(a, s_releaseA);
        Release(b, s_releaseB);

        var report = Assert.Single(dept.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
    }

    [Fact]
    public void BinarySemaphoreCreatedEmpty_IsASignal_ReleaserWaitsAreCharged()
    {
        using var dept = new PatchEngine();
        using var ready = Created(0, 1);
        var cache = new object();
        using var waiting = new ManualResetEventSlim();

        var waiter = Task.Factory.StartNew(() =>
        {
            WaitHandlePatches.WaitOne.Prefix(ready, s_waitA);
            waiting.Set();
            return ready.WaitOne(TimeSpan.FromSeconds(30));
        }, TaskCreationOptions.LongRunning);
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        MonitorPatchesTests.Lock(cache, PatchEngine.Site("Monitor.Enter(Orders.Store._sync)"));
        MonitorPatchesTests.Unlock(cache, PatchEngine.Site("Monitor.Exit(Orders.Store._sync)"));
        Release(ready, s_releaseA);

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)) && waiter.Result);
        Assert.Contains("Orders.Store._a -> Orders.Store._sync", dept.Edges());
        Assert.Equal(0, dept.Engine.FlowHeldCount);
    }

    private static Semaphore Created(int initial, int max)
    {
        var semaphore = new Semaphore(initial, max);
        WaitHandleEventPatches.SemaphoreCreate.Postfix(semaphore, initial, max);
        return semaphore;
    }

    private static void Wait(Semaphore semaphore, DeptSite site)
    {
        WaitHandlePatches.WaitOne.Prefix(semaphore, site);
        Assert.True(semaphore.WaitOne(TimeSpan.FromSeconds(30)));
        WaitHandlePatches.WaitOne.Postfix(semaphore, true, site);
    }

    private static void Release(Semaphore semaphore, DeptSite site)
    {
        WaitHandleEventPatches.SemaphoreRelease.Prefix(semaphore, site);
        semaphore.Release();
    }
}
