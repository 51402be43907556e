using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>D15's clean twin: sw_sync's teardown signals every pending point with <c>-ENOENT</c>; the waiter wakes with it.</summary>
public sealed class D15TimelineTornDownSignalsError : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D15-ok";

    /// <inheritdoc/>
    public override string Title => "teardown signals -ENOENT (D15's twin)";

    /// <inheritdoc/>
    public override string Models => "the timeline's release signals its pending point with -ENOENT, so the waiter wakes with an error";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.Clean;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var timeline = new FenceTimeline(world.Runtime, "vgem", "ring0");
        var point = timeline.CreateFence();
        var status = FenceWaitStatus.Interrupted;
        var waiter = ScenarioWorld.Start("fence-waiter", () => status = point.Wait().Status);
        ScenarioWorld.WaitUntil(() => point.BlockedWaiters > 0, "the waiter blocking on the point");

        timeline.TearDown(signalRemaining: true);
        ScenarioWorld.Join(waiter);

        if (status != FenceWaitStatus.Signaled || point.Error != FenceErrors.NoEntry)
        {
            throw new InvalidOperationException($"Expected the waiter woken with -ENOENT, saw {status} and error {point.Error}.");
        }
    }
}
