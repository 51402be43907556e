using DmaBuf.Fences;
using DmaBuf.Locking;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D14's clean twin: every fence signals before the unload; a reader inside an RCU read section reads the driver's
/// names while the unload waits for the grace period; after it, signalled fences read the detached names.
/// </summary>
public sealed class D14DriverUnloadAfterGracePeriod : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D14-ok";

    /// <inheritdoc/>
    public override string Title => "signal, grace period, unload (D14's twin)";

    /// <inheritdoc/>
    public override string Models => "fences signal, synchronize_rcu waits for a reader still using the driver's names, then the module is freed";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.Clean;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var rcu = new Rcu();
        var driver = new FenceDriver(world.Runtime, rcu, "gpu");
        var fence = driver.Submit();
        var waiter = ScenarioWorld.Start("fence-waiter", () => fence.Wait());
        ScenarioWorld.WaitUntil(() => fence.BlockedWaiters > 0, "the waiter blocking on the fence");

        using var inside = new SemaphoreSlim(0);
        using var leave = new SemaphoreSlim(0);
        string? seen = null;
        var reader = ScenarioWorld.Start("rcu-reader", () =>
        {
            using (rcu.ReadLock())
            {
                seen = fence.DriverName; // driver data, valid while this read section lasts
                inside.Release();
                leave.Wait(ScenarioWorld.ThreadTimeout);
                _ = fence.TimelineName;
            }
        });
        if (!inside.Wait(ScenarioWorld.ThreadTimeout))
        {
            throw new TimeoutException("The RCU reader did not enter its read section.");
        }

        driver.Complete(fence);
        ScenarioWorld.Join(waiter);
        var unload = ScenarioWorld.Start("module-unload", () => driver.Unload());
        leave.Release();
        ScenarioWorld.Join(reader);
        ScenarioWorld.Join(unload);

        if (seen != "gpu" || fence.DriverName != Fence.DetachedDriverName || !driver.IsUnloaded || rcu.GracePeriods != 1)
        {
            throw new InvalidOperationException($"Expected 'gpu' inside the read section and '{Fence.DetachedDriverName}' after the unload; saw '{seen}' and '{fence.DriverName}'.");
        }
    }
}
