using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>
/// SemaphoreSlim (#9): a binary semaphore is an async lock held by the acquiring flow; a counting one, and a binary
/// one used as a signal, keeps wait/event semantics (a wait only when the count is zero, Release is the event).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SemaphoreSlimPatchesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly DeptSite s_lockCache = PatchEngine.Site("Monitor.Enter(Orders.Cache._sync)");
    private static readonly DeptSite s_unlockCache = PatchEngine.Site("Monitor.Exit(Orders.Cache._sync)");
    private static readonly DeptSite s_wait = PatchEngine.Site("SemaphoreSlim.Wait(Orders.Cache._gate)");
    private static readonly DeptSite s_waitAsync = PatchEngine.Site("SemaphoreSlim.WaitAsync(Orders.Cache._gate)");
    private static readonly DeptSite s_release = PatchEngine.Site("SemaphoreSlim.Release(Orders.Cache._gate)");
    private static readonly DeptSite s_waitA = PatchEngine.Site("SemaphoreSlim.Wait(Orders.Store._a)");
    private static readonly DeptSite s_releaseA = PatchEngine.Site("SemaphoreSlim.Release(Orders.Store._a)");
    private static readonly DeptSite s_waitB = PatchEngine.Site("SemaphoreSlim.Wait(Orders.Store._b)");
    private static readonly DeptSite s_releaseB = PatchEngine.Site("SemaphoreSlim.Release(Orders.Store._b)");

    [Fact]
    public void CountingSemaphore_FreeSlot_IsNotAWait()
    {
        using var dept = new PatchEngine();
        using var gate = new SemaphoreSlim(1, 2);

        Wait(gate, s_wait);
        Release(gate, s_release);

        Assert.Equal(0, dept.Waits);
        Assert.Equal(1, gate.CurrentCount);
    }

    [Fact]
    public void BinaryCreatedEmpty_HeldLockWhileWaiting_ReleaserNeedsThatLock_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        using var gate = Created(0, 1);
        var cache = new object();
        using var waiting = new ManualResetEventSlim();

        // Context 1: holds Cache._sync and waits on the gate (count 0: a real wait).
        var waiter = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(cache, s_lockCache);
            SemaphoreSlimPatches.WaitMilliseconds.Prefix(gate, Timeout.Infinite, s_wait, out _);
            waiting.Set();
            MonitorPatchesTests.Unlock(cache, s_unlockCache); // let the releaser in: the test must not hang
            return gate.Wait(Bound);
        }, TaskCreationOptions.LongRunning);

        // Context 2: takes Cache._sync after the request, then releases the gate: release depends on the lock.
        Assert.True(waiting.Wait(Bound));
        MonitorPatchesTests.Lock(cache, s_lockCache);
        MonitorPatchesTests.Unlock(cache, s_unlockCache);
        Release(gate, s_release);

        Assert.True(waiter.Wait(Bound));
        Assert.True(waiter.Result);
        Assert.Contains("Orders.Cache._sync -> Orders.Cache._gate", dept.Edges());
        Assert.Contains("Orders.Cache._gate -> Orders.Cache._sync", dept.Edges());
        Assert.True(dept.Reports.Count == 1, dept.Describe());
    }

    [Fact]
    public async Task CountingSemaphore_WaitAsyncCountZero_IsAWaitOfTheAwaitingFlow()
    {
        using var dept = new PatchEngine();
        using var gate = new SemaphoreSlim(0, 4);
        var cache = new object();

        MonitorPatchesTests.Lock(cache, s_lockCache);
        SemaphoreSlimPatches.WaitAsyncTimeSpan.Prefix(gate, Timeout.InfiniteTimeSpan, s_waitAsync, out var state);
        var pending = gate.WaitAsync(Timeout.InfiniteTimeSpan);
        SemaphoreSlimPatches.WaitAsyncTimeSpan.Postfix(gate, Timeout.InfiniteTimeSpan, pending, state, s_waitAsync);
        MonitorPatchesTests.Unlock(cache, s_unlockCache);
        Assert.False(pending.IsCompleted);

        Release(gate, s_release);
        Assert.True(await pending.WaitAsync(Bound));

        Assert.Equal(2, dept.Waits); // the lock's wait plus the semaphore's
        Assert.Contains("Orders.Cache._sync -> Orders.Cache._gate", dept.Edges());
    }

    [Fact]
    public void TimedWait_IsATimeoutWait_ZeroTimeoutIsNoWait()
    {
        using var dept = new PatchEngine(trackTimeouts: true);
        using var gate = Created(0, 1);
        var cache = new object();

        MonitorPatchesTests.Lock(cache, s_lockCache);
        SemaphoreSlimPatches.WaitMilliseconds.Prefix(gate, 0, s_wait, out _);
        Assert.False(gate.Wait(0));
        var wait0 = dept.Waits;
        SemaphoreSlimPatches.WaitMilliseconds.Prefix(gate, 1, s_wait, out _);
        Assert.False(gate.Wait(1));
        MonitorPatchesTests.Unlock(cache, s_unlockCache);

        Assert.Equal(1, wait0);
        Assert.Equal(["Orders.Cache._sync -> Orders.Cache._gate"], dept.TimeoutEdges());
    }

    [Fact]
    public void BinaryAbbaViaWait_FoundFromTheOrderAlone_NothingBlocks()
    {
        using var dept = new PatchEngine();
        using var a = new SemaphoreSlim(1, 1);
        using var b = new SemaphoreSlim(1, 1);

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
        Assert.Equal(["Orders.Store._a", "Orders.Store._b"], report.Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BinaryAbbaViaWaitAsync_AcrossAwaitsAndThreadHops_FoundWithoutBlocking()
    {
        using var dept = new PatchEngine();
        using var a = new SemaphoreSlim(1, 1);
        using var b = new SemaphoreSlim(1, 1);

        await Task.Run(() => Nested(a, s_waitA, s_releaseA, b, s_waitB, s_releaseB)).WaitAsync(Bound);
        Assert.Empty(dept.Reports);
        await Task.Run(() => Nested(b, s_waitB, s_releaseB, a, s_waitA, s_releaseA)).WaitAsync(Bound);

        var report = Assert.Single(dept.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        Assert.Equal(1, a.CurrentCount);
        Assert.Equal(1, b.CurrentCount);
    }

    [Fact]
    public async Task BinaryAsyncLock_64ContendingFlows_NoReport()
    {
        using var dept = new PatchEngine();
        using var gate = new SemaphoreSlim(1, 1);
        var cache = new object();

        var flows = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await WaitAsync(gate, s_waitAsync);
                try
                {
                    await Task.Yield();
                    MonitorPatchesTests.Lock(cache, s_lockCache);
                    MonitorPatchesTests.Unlock(cache, s_unlockCache);
                }
                finally
                {
                    Release(gate, s_release);
                }
            }
        }));
        await Task.WhenAll(flows).WaitAsync(Bound);

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.DoesNotContain("Orders.Cache._gate -> Orders.Cache._gate", dept.Edges());
        Assert.Contains("Orders.Cache._gate -> Orders.Cache._sync", dept.Edges());
    }

    [Fact]
    public async Task CountingSemaphoreAsSignal_ConsumerWaitsUnderLock_ProducerNeverTakesIt_NoCycle()
    {
        using var dept = new PatchEngine();
        using var items = new SemaphoreSlim(0);
        var cache = new object();

        var consumer = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                MonitorPatchesTests.Lock(cache, s_lockCache);
                Wait(items, s_wait);
                MonitorPatchesTests.Unlock(cache, s_unlockCache);
            }
        }, TaskCreationOptions.LongRunning);
        for (var i = 0; i < 3; i++)
        {
            await Task.Yield();
            Release(items, s_release);
        }

        Assert.True(consumer.Wait(Bound));
        Assert.Empty(dept.Reports);
        Assert.DoesNotContain("Orders.Cache._gate -> Orders.Cache._sync", dept.Edges());
    }

    [Fact]
    public async Task BinarySemaphoreUsedAsSignal_ReleasedByAnotherFlow_BecomesASignal_NoFalseCycle()
    {
        using var dept = new PatchEngine();
        using var ready = new SemaphoreSlim(1, 1);
        var cache = new object();

        // The consumer takes the free slot and keeps it (as a lock would), then works under Cache._sync; later a
        // producer holding Cache._sync waits for the consumer's slot and another flow releases it: the signal pattern.
        await Task.Run(() =>
        {
            Wait(ready, s_wait);
            MonitorPatchesTests.Lock(cache, s_lockCache);
            MonitorPatchesTests.Unlock(cache, s_unlockCache);
        }).WaitAsync(Bound);
        await Task.Run(() => Release(ready, s_release)).WaitAsync(Bound);
        await Task.Run(() =>
        {
            MonitorPatchesTests.Lock(cache, s_lockCache);
            Wait(ready, s_wait);
            MonitorPatchesTests.Unlock(cache, s_unlockCache);
        }).WaitAsync(Bound);

        Assert.Empty(dept.Reports);
        Assert.DoesNotContain("Orders.Cache._gate -> Orders.Cache._sync", dept.Edges());
        Assert.True(dept.Engine.IsSignalClass(Dept.Instrumentation.Runtime.SiteKeys.For(s_wait)));
    }

    [Fact]
    public async Task WaitAsyncCancelled_DoesNotStayHeld()
    {
        using var dept = new PatchEngine();
        using var gate = new SemaphoreSlim(1, 1);
        using var cancel = new CancellationTokenSource();
        var cache = new object();

        await Task.Run(async () =>
        {
            await WaitAsync(gate, s_waitAsync);
            SemaphoreSlimPatches.WaitAsync.Prefix(gate, s_waitAsync, out var state);
            var second = gate.WaitAsync(cancel.Token);
            SemaphoreSlimPatches.WaitAsync.Postfix(gate, second, state, s_waitAsync);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
            Assert.Equal(1, dept.Engine.FlowHeldCount);
            Release(gate, s_release);
            Assert.Equal(0, dept.Engine.FlowHeldCount);
        }).WaitAsync(Bound);
    }

    internal static SemaphoreSlim Created(int initial, int max)
    {
        var semaphore = new SemaphoreSlim(initial, max);
        SemaphoreSlimPatches.Create.Postfix(semaphore, initial, max);
        return semaphore;
    }

    internal static void Wait(SemaphoreSlim semaphore, DeptSite site)
    {
        SemaphoreSlimPatches.Wait.Prefix(semaphore, site, out var state);
        Exception? failure = null;
        try
        {
            semaphore.Wait();
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            SemaphoreSlimPatches.Wait.Finalizer(semaphore, failure, state);
        }
    }

    internal static Task WaitAsync(SemaphoreSlim semaphore, DeptSite site)
    {
        SemaphoreSlimPatches.WaitAsync.Prefix(semaphore, site, out var state);
        var task = semaphore.WaitAsync();
        SemaphoreSlimPatches.WaitAsync.Postfix(semaphore, task, state, site);
        return task;
    }

    internal static void Release(SemaphoreSlim semaphore, DeptSite site)
    {
        SemaphoreSlimPatches.Release.Prefix(semaphore, site);
        semaphore.Release();
    }

    private static async Task Nested(SemaphoreSlim first, DeptSite waitFirst, DeptSite releaseFirst, SemaphoreSlim second, DeptSite waitSecond, DeptSite releaseSecond)
    {
        await WaitAsync(first, waitFirst);
        await Task.Yield();
        await WaitAsync(second, waitSecond);
        await Task.Delay(1);
        Release(second, releaseSecond);
        Release(first, releaseFirst);
    }
}
