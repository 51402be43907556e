using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>SemaphoreSlim: a wait only when the count is zero; Release is the event; WaitAsync is a wait of the awaiting flow.</summary>
[Collection(EngineCollection.Name)]
public sealed class SemaphoreSlimPatchesTests
{
    private static readonly DeptSite s_lockCache = PatchEngine.Site("Monitor.Enter(Orders.Cache._sync)");
    private static readonly DeptSite s_unlockCache = PatchEngine.Site("Monitor.Exit(Orders.Cache._sync)");
    private static readonly DeptSite s_wait = PatchEngine.Site("SemaphoreSlim.Wait(Orders.Cache._gate)");
    private static readonly DeptSite s_waitAsync = PatchEngine.Site("SemaphoreSlim.WaitAsync(Orders.Cache._gate)");
    private static readonly DeptSite s_release = PatchEngine.Site("SemaphoreSlim.Release(Orders.Cache._gate)");

    [Fact]
    public void Wait_FreeSlot_IsNotAWait()
    {
        using var dept = new PatchEngine();
        using var gate = new SemaphoreSlim(1, 1);

        SemaphoreSlimPatches.Wait.Prefix(gate, s_wait);
        gate.Wait();
        SemaphoreSlimPatches.Release.Prefix(gate, s_release);
        gate.Release();

        Assert.Equal(0, dept.Waits);
        Assert.Equal(1, gate.CurrentCount);
    }

    [Fact]
    public void HeldLockWhileWaiting_ReleaserNeedsThatLock_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        using var gate = new SemaphoreSlim(0, 1);
        var cache = new object();
        using var waiting = new ManualResetEventSlim();

        // Context 1: holds Cache._sync and waits on the gate (count 0: a real wait).
        var waiter = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(cache, s_lockCache);
            SemaphoreSlimPatches.WaitMilliseconds.Prefix(gate, Timeout.Infinite, s_wait);
            waiting.Set();
            MonitorPatchesTests.Unlock(cache, s_unlockCache); // let the releaser in: the test must not hang
            return gate.Wait(TimeSpan.FromSeconds(30));
        }, TaskCreationOptions.LongRunning);

        // Context 2: takes Cache._sync after the request, then releases the gate: release depends on the lock.
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        MonitorPatchesTests.Lock(cache, s_lockCache);
        MonitorPatchesTests.Unlock(cache, s_unlockCache);
        SemaphoreSlimPatches.Release.Prefix(gate, s_release);
        gate.Release();

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(waiter.Result);
        Assert.Contains("Orders.Cache._sync -> Orders.Cache._gate", dept.Edges());
        Assert.Contains("Orders.Cache._gate -> Orders.Cache._sync", dept.Edges());
        Assert.True(dept.Reports.Count == 1, dept.Describe());
    }

    [Fact]
    public async Task WaitAsync_CountZero_IsAWaitOfTheAwaitingFlow()
    {
        using var dept = new PatchEngine();
        using var gate = new SemaphoreSlim(0, 1);
        var cache = new object();

        MonitorPatchesTests.Lock(cache, s_lockCache);
        SemaphoreSlimPatches.WaitTimeSpan.Prefix(gate, Timeout.InfiniteTimeSpan, s_waitAsync);
        var pending = gate.WaitAsync(Timeout.InfiniteTimeSpan);
        MonitorPatchesTests.Unlock(cache, s_unlockCache);
        Assert.False(pending.IsCompleted);

        SemaphoreSlimPatches.Release.Prefix(gate, s_release);
        gate.Release();
        Assert.True(await pending.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(2, dept.Waits); // the lock's wait plus the semaphore's
        Assert.Contains("Orders.Cache._sync -> Orders.Cache._gate", dept.Edges());
    }

    [Fact]
    public void TimedWait_IsATimeoutWait_ZeroTimeoutIsNoWait()
    {
        using var dept = new PatchEngine(trackTimeouts: true);
        using var gate = new SemaphoreSlim(0, 1);
        var cache = new object();

        MonitorPatchesTests.Lock(cache, s_lockCache);
        SemaphoreSlimPatches.WaitMilliseconds.Prefix(gate, 0, s_wait);
        Assert.False(gate.Wait(0));
        var wait0 = dept.Waits;
        SemaphoreSlimPatches.WaitMilliseconds.Prefix(gate, 1, s_wait);
        Assert.False(gate.Wait(1));
        MonitorPatchesTests.Unlock(cache, s_unlockCache);

        Assert.Equal(1, wait0);
        Assert.Equal(["Orders.Cache._sync -> Orders.Cache._gate"], dept.TimeoutEdges());
    }
}
