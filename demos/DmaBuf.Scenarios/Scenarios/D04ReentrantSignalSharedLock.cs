using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D4: a naive container signals another fence from inside a fence callback. Callbacks run under the signalled
/// fence's lock; with a shared legacy lock the inner signal spins on the lock its own thread holds. Two timelines
/// of one driver are used, so the locks are two instances of one class: no hang, the same class-level cycle.
/// </summary>
public sealed class D04ReentrantSignalSharedLock : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D4";

    /// <inheritdoc/>
    public override string Title => "re-entrant signal from a callback (shared lock)";

    /// <inheritdoc/>
    public override string Models => "a callback of F1 signals F2 inline; both use the driver's shared timeline lock class, which F1's signal holds";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var timelineA = new FenceTimeline(world.Runtime, "sw_sync", "timeline-a");
        var timelineB = new FenceTimeline(world.Runtime, "sw_sync", "timeline-b");
        var first = timelineA.CreateFence();
        var second = timelineB.CreateFence();
        first.AddCallback(new FenceCallback(_ => second.Signal()));
        first.Signal();
    }
}
