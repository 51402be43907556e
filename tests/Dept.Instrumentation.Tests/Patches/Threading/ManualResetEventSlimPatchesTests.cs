using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>ManualResetEventSlim and CountdownEvent: completion waits (only when unset) and their events.</summary>
[Collection(EngineCollection.Name)]
public sealed class ManualResetEventSlimPatchesTests
{
    private static readonly DeptSite s_lock = PatchEngine.Site("Monitor.Enter(Orders.Cache._sync)");
    private static readonly DeptSite s_unlock = PatchEngine.Site("Monitor.Exit(Orders.Cache._sync)");
    private static readonly DeptSite s_wait = PatchEngine.Site("ManualResetEventSlim.Wait");
    private static readonly DeptSite s_set = PatchEngine.Site("ManualResetEventSlim.Set");

    [Fact]
    public void WaitUnderLock_SetterTakesLock_ReportsDeadlockAtTheWaitSite()
    {
        using var dept = new PatchEngine();
        using var ready = new ManualResetEventSlim();
        var cache = new object();
        using var waiting = new ManualResetEventSlim();

        var waiter = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(cache, s_lock);
            ManualResetEventSlimPatches.Wait.Prefix(ready, s_wait);
            waiting.Set();
            MonitorPatchesTests.Unlock(cache, s_unlock);
            return ready.Wait(TimeSpan.FromSeconds(30));
        }, TaskCreationOptions.LongRunning);

        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        MonitorPatchesTests.Lock(cache, s_lock);
        MonitorPatchesTests.Unlock(cache, s_unlock);
        ManualResetEventSlimPatches.Set.Prefix(ready, s_set);
        ready.Set();

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(waiter.Result);
        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Contains(report.Contexts, static c => c.Wait.ClassName.StartsWith("ManualResetEventSlim.Wait@ManualResetEventSlimPatchesTests.cs:", StringComparison.Ordinal));
    }

    [Fact]
    public void Wait_AlreadySet_IsNotAWait_SetWithoutWaiterIsNoEvent()
    {
        using var dept = new PatchEngine();
        using var ready = new ManualResetEventSlim();

        ManualResetEventSlimPatches.Set.Prefix(ready, s_set);
        ready.Set();
        ManualResetEventSlimPatches.Wait.Prefix(ready, s_wait);
        ready.Wait();

        Assert.Equal(0, dept.Waits);
        Assert.Equal(0, dept.Events);
    }

    [Fact]
    public void TimedWait_IsMarkedTimeout()
    {
        using var dept = new PatchEngine(trackTimeouts: true);
        using var ready = new ManualResetEventSlim();
        var cache = new object();

        MonitorPatchesTests.Lock(cache, s_lock);
        ManualResetEventSlimPatches.WaitMilliseconds.Prefix(ready, 1, s_wait);
        var woken = ready.Wait(1);
        MonitorPatchesTests.Unlock(cache, s_unlock);

        Assert.False(woken);
        Assert.Single(dept.TimeoutEdges());
    }

    [Fact]
    public void CountdownEvent_EventIsTheSignalThatReachesZero()
    {
        using var dept = new PatchEngine();
        using var countdown = new CountdownEvent(2);
        var cache = new object();
        var wait = PatchEngine.Site("CountdownEvent.Wait");
        var signal = PatchEngine.Site("CountdownEvent.Signal");

        CountdownEventPatches.WaitTimeSpan.Prefix(countdown, Timeout.InfiniteTimeSpan, wait);
        var signaller = Task.Factory.StartNew(() =>
        {
            var first = countdown.Signal();
            CountdownEventPatches.Signal.Postfix(countdown, first, signal);
            var eventsAfterFirst = dept.Events;
            MonitorPatchesTests.Lock(cache, s_lock);
            MonitorPatchesTests.Unlock(cache, s_unlock);
            var second = countdown.Signal();
            CountdownEventPatches.Signal.Postfix(countdown, second, signal);
            return (first, second, eventsAfterFirst);
        }, TaskCreationOptions.LongRunning);
        var woken = countdown.Wait(TimeSpan.FromSeconds(30));

        Assert.True(signaller.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(woken);
        Assert.Equal((false, true, 0L), signaller.Result);
        Assert.Equal(1, dept.Events);
        Assert.Contains(dept.Edges(), static e => e.StartsWith("CountdownEvent.Wait@", StringComparison.Ordinal) && e.EndsWith("-> Orders.Cache._sync", StringComparison.Ordinal));
    }
}
