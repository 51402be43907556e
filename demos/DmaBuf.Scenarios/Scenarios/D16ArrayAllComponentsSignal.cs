using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>D16's clean twin: both components signal, the array signals through irq_work, its waiter wakes.</summary>
public sealed class D16ArrayAllComponentsSignal : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D16-ok";

    /// <inheritdoc/>
    public override string Title => "fence array, every component signals (D16's twin)";

    /// <inheritdoc/>
    public override string Models => "both timelines signal their points; the array signals and wakes its waiter";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.Clean;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var copy = new FenceTimeline(world.Runtime, "gpu", "copy");
        var compute = new FenceTimeline(world.Runtime, "gpu", "compute");
        var array = FenceArray.Create(world.Runtime, [copy.CreateFence(), compute.CreateFence()], FenceContext.Allocate(), 1, signalOnAny: false);
        var status = FenceWaitStatus.Interrupted;
        var waiter = ScenarioWorld.Start("array-waiter", () => status = array.Wait().Status);
        ScenarioWorld.WaitUntil(() => array.BlockedWaiters > 0, "the waiter blocking on the array");

        copy.Increment();
        compute.Increment();
        ScenarioWorld.Join(waiter);
        if (status != FenceWaitStatus.Signaled || array.Error != 0)
        {
            throw new InvalidOperationException($"Expected the array signalled without error, saw {status} / {array.Error}.");
        }
    }
}
