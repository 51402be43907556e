using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D15: a driver tears its timeline down with a point still unsignalled while a thread waits on it, without
/// signalling the point: nothing can ever signal it.
/// </summary>
public sealed class D15TimelineTornDownUnderWaiter : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D15";

    /// <inheritdoc/>
    public override string Title => "waiter on a torn-down timeline";

    /// <inheritdoc/>
    public override string Models => "the timeline is freed with an unsignalled point a thread sleeps on; the point is never signalled";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptUnreachableAndWarning;

    /// <inheritdoc/>
    public override IReadOnlyList<Diagnostics.DmaWarningCode> RequiredWarnings => [Diagnostics.DmaWarningCode.TimelineTornDownWithPendingFences];

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var timeline = new FenceTimeline(world.Runtime, "vgem", "ring0");
        var point = timeline.CreateFence();
        using var interrupt = new CancellationTokenSource();
        var waiter = ScenarioWorld.Start("fence-waiter", () => point.Wait(interrupt.Token));
        ScenarioWorld.WaitUntil(() => point.BlockedWaiters > 0, "the waiter blocking on the point");

        timeline.TearDown(signalRemaining: false);

        interrupt.Cancel();
        ScenarioWorld.Join(waiter);
        if (point.TestSignaledFlag())
        {
            throw new InvalidOperationException("The abandoned point must stay unsignalled.");
        }
    }
}
