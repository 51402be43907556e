using DmaBuf.Fences;
using DmaBuf.Locking;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D14: a driver module is unloaded while one of its fences is unsignalled and a thread waits on it. The module's
/// signalling path is gone, so the fence can never signal: an unreachable event. The seed 000/003 rule: a driver may
/// free its data only after all its fences signalled and an RCU grace period passed.
/// </summary>
public sealed class D14DriverUnloadWithPendingFence : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D14";

    /// <inheritdoc/>
    public override string Title => "driver unload with a pending fence";

    /// <inheritdoc/>
    public override string Models => "the module is unloaded (grace period, then its data freed) while a waiter sleeps on a fence only it could signal";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptUnreachableAndWarning;

    /// <inheritdoc/>
    public override IReadOnlyList<Diagnostics.DmaWarningCode> RequiredWarnings => [Diagnostics.DmaWarningCode.DriverUnloadedWithPendingFences];

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var driver = new FenceDriver(world.Runtime, new Rcu(), "gpu");
        var done = driver.Submit();
        var lost = driver.Submit();
        driver.Complete(done);

        using var interrupt = new CancellationTokenSource();
        var status = FenceWaitStatus.Signaled;
        var waiter = ScenarioWorld.Start("fence-waiter", () => status = lost.Wait(interrupt.Token).Status);
        ScenarioWorld.WaitUntil(() => lost.BlockedWaiters > 0, "the waiter blocking on the fence");

        driver.Unload();

        // Nothing will ever signal it: end the sleep as a pending signal would (-ERESTARTSYS).
        interrupt.Cancel();
        ScenarioWorld.Join(waiter);
        if (status != FenceWaitStatus.Interrupted || lost.TestSignaledFlag())
        {
            throw new InvalidOperationException($"Expected the waiter interrupted on an unsignalled fence, saw {status}.");
        }
    }
}
