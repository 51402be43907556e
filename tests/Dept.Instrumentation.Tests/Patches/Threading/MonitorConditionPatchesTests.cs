using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

[Collection(EngineCollection.Name)]
public sealed class MonitorConditionPatchesTests
{
    private static readonly DeptSite s_enterGate = PatchEngine.Site("Monitor.Enter(Orders.Queue._gate)");
    private static readonly DeptSite s_exitGate = PatchEngine.Site("Monitor.Exit(Orders.Queue._gate)");
    private static readonly DeptSite s_waitGate = PatchEngine.Site("Monitor.Wait(Orders.Queue._gate)");
    private static readonly DeptSite s_pulseGate = PatchEngine.Site("Monitor.Pulse(Orders.Queue._gate)");
    private static readonly DeptSite s_enterOuter = PatchEngine.Site("Monitor.Enter(Orders.Service._outer)");
    private static readonly DeptSite s_exitOuter = PatchEngine.Site("Monitor.Exit(Orders.Service._outer)");

    [Fact]
    public void WaitThenPulse_WakesWaiter_NoFalseCycleThroughTheMonitor()
    {
        using var dept = new PatchEngine();
        var gate = new object();
        using var waiting = new ManualResetEventSlim();

        var waiter = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(gate, s_enterGate);
            MonitorConditionPatches.Wait.Prefix(gate, s_waitGate);
            waiting.Set();
            var woken = Monitor.Wait(gate, TimeSpan.FromSeconds(30));
            MonitorConditionPatches.Wait.Postfix(gate, s_waitGate);
            MonitorPatchesTests.Unlock(gate, s_exitGate);
            return woken;
        }, TaskCreationOptions.LongRunning);

        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        MonitorPatchesTests.Lock(gate, s_enterGate);
        MonitorConditionPatches.Pulse.Prefix(gate, s_pulseGate);
        Monitor.Pulse(gate);
        MonitorPatchesTests.Unlock(gate, s_exitGate);

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(waiter.Result);
        Assert.Empty(dept.Reports);
        Assert.Contains("Orders.Queue._gate (condition) -> Orders.Queue._gate", dept.Edges());
        Assert.DoesNotContain("Orders.Queue._gate -> Orders.Queue._gate (condition)", dept.Edges());
    }

    [Fact]
    public void WaitWhileHoldingAnotherLock_DependsOnTheCondition()
    {
        using var dept = new PatchEngine();
        object outer = new(), gate = new();

        MonitorPatchesTests.Lock(outer, s_enterOuter);
        MonitorPatchesTests.Lock(gate, s_enterGate);
        MonitorConditionPatches.WaitMilliseconds.Prefix(gate, 1, s_waitGate);
        var woken = Monitor.Wait(gate, 1);
        MonitorConditionPatches.WaitMilliseconds.Postfix(gate, s_waitGate);
        MonitorPatchesTests.Unlock(gate, s_exitGate);
        MonitorPatchesTests.Unlock(outer, s_exitOuter);

        Assert.False(woken);
        // A 1 ms wait is a timeout wait: not tracked by default, so only the lock order remains.
        Assert.Equal(["Orders.Service._outer -> Orders.Queue._gate"], dept.Edges());
    }

    [Fact]
    public void UntimedWaitWhileHoldingAnotherLock_AddsOuterToConditionEdge()
    {
        using var dept = new PatchEngine();
        object outer = new(), gate = new();
        using var waiting = new ManualResetEventSlim();

        var waiter = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(outer, s_enterOuter);
            MonitorPatchesTests.Lock(gate, s_enterGate);
            MonitorConditionPatches.Wait.Prefix(gate, s_waitGate);
            waiting.Set();
            Monitor.Wait(gate);
            MonitorConditionPatches.Wait.Postfix(gate, s_waitGate);
            MonitorPatchesTests.Unlock(gate, s_exitGate);
            MonitorPatchesTests.Unlock(outer, s_exitOuter);
        }, TaskCreationOptions.LongRunning);

        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        lock (gate)
        {
            MonitorConditionPatches.Pulse.Prefix(gate, s_pulseGate);
            Monitor.PulseAll(gate);
        }

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.Contains("Orders.Service._outer -> Orders.Queue._gate (condition)", dept.Edges());
    }

    [Fact]
    public void Wait_NotOwner_RecordsNothingAndOriginalThrows()
    {
        using var dept = new PatchEngine();
        var gate = new object();

        MonitorConditionPatches.Wait.Prefix(gate, s_waitGate);
        Assert.Throws<SynchronizationLockException>(() => Monitor.Wait(gate));

        Assert.Equal(0, dept.Waits);
    }
}
