using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scheduling;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D5: a fence callback waits for another fence. It runs under the signalled fence's lock, inside the
/// signalling section: if G's signaller ever needs F's lock (get_status, add_callback, signal), both hang.
/// G has already signalled here, so the wait returns at once.
/// </summary>
public sealed class D05CallbackWaits : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D5";

    /// <inheritdoc/>
    public override string Title => "fence callback that waits";

    /// <inheritdoc/>
    public override string Models => "a callback of F waits for G while F's lock is held in F's signalling section";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        using var ring = new GpuScheduler(world.Runtime, "gfx");
        var other = ring.Submit();
        other.Finished.Wait();

        var fence = new Fence(new NamedFenceOps("display", "vblank"), world.Runtime, FenceContext.Allocate(), 1);
        fence.AddCallback(new FenceCallback(_ => other.Finished.Wait()));
        fence.Signal();
    }
}
