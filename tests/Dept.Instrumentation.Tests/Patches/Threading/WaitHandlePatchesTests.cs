using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>Mutex (a lock), Semaphore and event handles (wait/event), WaitAll/WaitAny, SignalAndWait (uninstrumented).</summary>
[Collection(EngineCollection.Name)]
public sealed class WaitHandlePatchesTests
{
    private static readonly DeptSite s_lockCache = PatchEngine.Site("Monitor.Enter(Orders.Cache._sync)");
    private static readonly DeptSite s_unlockCache = PatchEngine.Site("Monitor.Exit(Orders.Cache._sync)");
    private static readonly DeptSite s_waitMutexA = PatchEngine.Site("WaitHandle.WaitOne(Orders.Files._a)");
    private static readonly DeptSite s_waitMutexB = PatchEngine.Site("WaitHandle.WaitOne(Orders.Files._b)");
    private static readonly DeptSite s_releaseMutex = PatchEngine.Site("Mutex.ReleaseMutex");
    private static readonly DeptSite s_waitReady = PatchEngine.Site("WaitHandle.WaitOne(Orders.Cache._ready)");
    private static readonly DeptSite s_setReady = PatchEngine.Site("EventWaitHandle.Set(Orders.Cache._ready)");

    [Fact]
    public void Mutex_Abba_ReportsDeadlock_AndMutexStillWorks()
    {
        using var dept = new PatchEngine();
        using Mutex a1 = new(), b1 = new(), a2 = new(), b2 = new();

        Nested(a1, s_waitMutexA, b1, s_waitMutexB);
        Assert.Empty(dept.Reports);
        Nested(b2, s_waitMutexB, a2, s_waitMutexA);

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        Assert.Contains("Orders.Files._a -> Orders.Files._b", dept.Edges());
    }

    [Fact]
    public void Mutex_TryWaitOneZero_OpensContextWithoutWait()
    {
        using var dept = new PatchEngine();
        using var a = new Mutex();
        var cache = new object();

        WaitHandlePatches.WaitOneMilliseconds.Prefix(a, 0, s_waitMutexA);
        var acquired = a.WaitOne(0);
        WaitHandlePatches.WaitOneMilliseconds.Postfix(a, acquired, s_waitMutexA);
        MonitorPatchesTests.Lock(cache, s_lockCache);
        MonitorPatchesTests.Unlock(cache, s_unlockCache);
        a.ReleaseMutex();
        WaitHandleEventPatches.ReleaseMutex.Postfix(a, s_releaseMutex);

        Assert.True(acquired);
        Assert.Equal(1, dept.Waits);
        Assert.Equal(["Orders.Files._a -> Orders.Cache._sync"], dept.Edges());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EventHandle_WaitUnderLock_SetterNeedsLock_ReportsDeadlock(bool autoReset)
    {
        using var dept = new PatchEngine();
        using EventWaitHandle ready = autoReset ? new AutoResetEvent(false) : new ManualResetEvent(false);
        var cache = new object();
        using var waiting = new ManualResetEventSlim();

        var waiter = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(cache, s_lockCache);
            WaitHandlePatches.WaitOne.Prefix(ready, s_waitReady);
            waiting.Set();
            MonitorPatchesTests.Unlock(cache, s_unlockCache);
            var woken = ready.WaitOne(TimeSpan.FromSeconds(30));
            WaitHandlePatches.WaitOne.Postfix(ready, woken, s_waitReady);
            return woken;
        }, TaskCreationOptions.LongRunning);

        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        MonitorPatchesTests.Lock(cache, s_lockCache);
        WaitHandleEventPatches.Set.Prefix(ready, s_setReady);
        ready.Set();
        MonitorPatchesTests.Unlock(cache, s_unlockCache);

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(waiter.Result);
        Assert.True(dept.Reports.Count == 1, dept.Describe());
    }

    [Fact]
    public void ManualResetEvent_AlreadySet_IsNotAWait()
    {
        using var dept = new PatchEngine();
        using var ready = new ManualResetEvent(true);

        WaitHandlePatches.WaitOne.Prefix(ready, s_waitReady);
        var woken = ready.WaitOne();
        WaitHandlePatches.WaitOne.Postfix(ready, woken, s_waitReady);

        Assert.True(woken);
        Assert.Equal(0, dept.Waits);
    }

    [Fact]
    public void Semaphore_WaitAndRelease_AreWaitAndEvent()
    {
        using var dept = new PatchEngine();
        using var gate = new Semaphore(0, 1);
        var cache = new object();
        var site = PatchEngine.Site("WaitHandle.WaitOne(Orders.Cache._slots)");
        var release = PatchEngine.Site("Semaphore.Release(Orders.Cache._slots)");

        var releaser = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(cache, s_lockCache);
            MonitorPatchesTests.Unlock(cache, s_unlockCache);
            WaitHandleEventPatches.SemaphoreRelease.Prefix(gate, release);
            gate.Release();
        }, TaskCreationOptions.LongRunning);
        WaitHandlePatches.WaitOneTimeSpan.Prefix(gate, Timeout.InfiniteTimeSpan, site);
        var acquired = gate.WaitOne(Timeout.InfiniteTimeSpan);
        WaitHandlePatches.WaitOneTimeSpan.Postfix(gate, acquired, site);

        Assert.True(releaser.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(acquired);
        Assert.True(dept.Waits >= 1);
        Assert.Equal(1, dept.EventContexts); // only the cache lock opened a context; a semaphore never does
    }

    [Fact]
    public void WaitAll_WaitsOnEveryHandle_WaitAnyIsTimed()
    {
        using var dept = new PatchEngine();
        using ManualResetEvent e1 = new(false), e2 = new(false);
        var cache = new object();
        var all = PatchEngine.Site("WaitHandle.WaitAll");
        var any = PatchEngine.Site("WaitHandle.WaitAny");

        MonitorPatchesTests.Lock(cache, s_lockCache);
        WaitHandleGroupPatches.WaitAllMilliseconds.Prefix([e1, e2], 1, all);
        var none = WaitHandle.WaitAll([e1, e2], 1);
        var waitsAfterTimedWaitAll = dept.Waits;
        WaitHandleGroupPatches.WaitAny.Prefix([e1, e2], any);
        e2.Set();
        var index = WaitHandle.WaitAny([e1, e2], TimeSpan.FromSeconds(30));
        WaitHandleGroupPatches.WaitAny.Postfix([e1, e2], index, any);
        var waitsAfterWaitAny = dept.Waits;
        e1.Set();
        WaitHandleGroupPatches.WaitAll.Prefix([e1, e2], all);
        var both = WaitHandle.WaitAll([e1, e2]);
        MonitorPatchesTests.Unlock(cache, s_unlockCache);

        Assert.False(none);
        Assert.Equal(1, index);
        Assert.True(both);
        Assert.Equal(1, waitsAfterTimedWaitAll); // timed waits are not tracked by default
        Assert.Equal(1, waitsAfterWaitAny);      // WaitAny's alternate-waker waits neither
        Assert.Equal(1, dept.Waits);              // both set: WaitAll on set manual events is no wait
    }

    [Fact]
    public void WaitAll_UnsetHandles_RecordsAWaitPerHandle()
    {
        using var dept = new PatchEngine();
        using ManualResetEvent e1 = new(false), e2 = new(false);
        var all = PatchEngine.Site("WaitHandle.WaitAll");

        WaitHandleGroupPatches.WaitAll.Prefix([e1, e2], all);
        var setter = Task.Run(() => { e1.Set(); e2.Set(); });
        var both = WaitHandle.WaitAll([e1, e2], TimeSpan.FromSeconds(30));

        Assert.True(setter.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(both);
        Assert.Equal(2, dept.Waits);
    }

    [Fact]
    public void SignalAndWait_IsCountedPerSiteAsUninstrumented()
    {
        using var dept = new PatchEngine();
        UninstrumentedCalls.Clear();
        using ManualResetEvent signal = new(false), wait = new(true);
        var site = PatchEngine.Site("WaitHandle.SignalAndWait");

        // What the rewriter inserts before each call of an API declared [DeptUninstrumented].
        UninstrumentedCalls.Count(site);
        var signalled = WaitHandle.SignalAndWait(signal, wait);
        UninstrumentedCalls.Count(site);

        Assert.True(signalled);
        var call = Assert.Single(UninstrumentedCalls.Snapshot());
        Assert.Equal(2, call.Count);
        Assert.Equal("WaitHandle.SignalAndWait", call.Api);
        Assert.Equal($"SignalAndWait_IsCountedPerSiteAsUninstrumented (WaitHandlePatchesTests.cs:{site.Line})", call.Location);
        Assert.Equal(0, dept.Waits);
        UninstrumentedCalls.Clear();
    }

    private static void Nested(Mutex outer, DeptSite outerSite, Mutex inner, DeptSite innerSite)
    {
        Take(outer, outerSite);
        Take(inner, innerSite);
        Give(inner);
        Give(outer);
    }

    private static void Take(Mutex m, DeptSite site)
    {
        WaitHandlePatches.WaitOne.Prefix(m, site);
        var acquired = m.WaitOne();
        WaitHandlePatches.WaitOne.Postfix(m, acquired, site);
        Assert.True(acquired);
    }

    private static void Give(Mutex m)
    {
        m.ReleaseMutex();
        WaitHandleEventPatches.ReleaseMutex.Postfix(m, s_releaseMutex);
    }
}
