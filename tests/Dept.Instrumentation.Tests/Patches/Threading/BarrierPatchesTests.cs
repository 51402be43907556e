using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

[Collection(EngineCollection.Name)]
public sealed class BarrierPatchesTests
{
    private static readonly DeptSite s_lock = PatchEngine.Site("Monitor.Enter(Orders.Cache._sync)");
    private static readonly DeptSite s_unlock = PatchEngine.Site("Monitor.Exit(Orders.Cache._sync)");
    private static readonly DeptSite s_arrive = PatchEngine.Site("Barrier.SignalAndWait");

    [Fact]
    public void Arrival_IsAnEvent_FirstArrivalWaits_LastDoesNot()
    {
        using var dept = new PatchEngine();
        using var barrier = new Barrier(2);
        var cache = new object();
        using var firstWaiting = new ManualResetEventSlim();

        var first = Task.Factory.StartNew(() =>
        {
            BarrierPatches.SignalAndWaitTimeSpan.Prefix(barrier, TimeSpan.FromSeconds(30), s_arrive);
            firstWaiting.Set();
            return barrier.SignalAndWait(TimeSpan.FromSeconds(30));
        }, TaskCreationOptions.LongRunning);
        Assert.True(firstWaiting.Wait(TimeSpan.FromSeconds(30)));
        var waitsAfterFirst = dept.Waits;

        // The last participant takes a lock after the first started waiting: its arrival depends on that lock.
        MonitorPatchesTests.Lock(cache, s_lock);
        MonitorPatchesTests.Unlock(cache, s_unlock);
        BarrierPatches.SignalAndWait.Prefix(barrier, s_arrive);
        barrier.SignalAndWait();

        Assert.True(first.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(first.Result);
        Assert.Equal(0, waitsAfterFirst); // a 30 s timed wait is a timeout wait: not tracked by default
        Assert.Equal(1, barrier.CurrentPhaseNumber);
        Assert.Equal(1, dept.Waits);      // only the cache lock: the last arrival does not wait
    }

    [Fact]
    public void UntimedArrival_LastParticipantNeedsALockFirst_DependencyRecorded()
    {
        using var dept = new PatchEngine();
        using var barrier = new Barrier(2);
        var cache = new object();
        using var firstWaiting = new ManualResetEventSlim();

        var first = Task.Factory.StartNew(() =>
        {
            BarrierPatches.SignalAndWait.Prefix(barrier, s_arrive);
            firstWaiting.Set();
            barrier.SignalAndWait();
        }, TaskCreationOptions.LongRunning);
        Assert.True(firstWaiting.Wait(TimeSpan.FromSeconds(30)));
        MonitorPatchesTests.Lock(cache, s_lock);
        MonitorPatchesTests.Unlock(cache, s_unlock);
        BarrierPatches.SignalAndWait.Prefix(barrier, s_arrive);
        barrier.SignalAndWait();

        Assert.True(first.Wait(TimeSpan.FromSeconds(30)));
        Assert.Contains(dept.Edges(), static e => e.StartsWith("Barrier.SignalAndWait@", StringComparison.Ordinal) && e.EndsWith("-> Orders.Cache._sync", StringComparison.Ordinal));
    }
}
