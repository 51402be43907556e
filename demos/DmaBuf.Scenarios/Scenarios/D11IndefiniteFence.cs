using DmaBuf.Diagnostics;
using DmaBuf.Fences;
using DmaBuf.Reservation;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scheduling;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D11: a compositor job's DMA fence waits for a "future" fence that userspace signals later (dma-buf.rst,
/// "Indefinite Fencing Dependency Cycle"). No single party sees the cycle; Dept sees the job's signalling
/// section wait for another fence. Publishing the userspace-controlled fence as a DMA fence is flagged by the model
/// itself. Userspace signals first here, so nothing hangs.
/// </summary>
public sealed class D11IndefiniteFence : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D11";

    /// <inheritdoc/>
    public override string Title => "indefinite (future) fence";

    /// <inheritdoc/>
    public override string Models => "a compositor job waits inside its signalling section for a userspace-controlled fence, which was also published in a buffer's reservation object";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycleAndWarning;

    /// <inheritdoc/>
    public override IReadOnlyList<DmaWarningCode> RequiredWarnings => [DmaWarningCode.IndefiniteFence];

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var userspace = new FenceTimeline(world.Runtime, "sw_sync", "userspace-future", userspaceControlled: true);
        var future = userspace.CreateFence();

        // Implicit-sync import of the future fence into a shared buffer.
        var shared = world.Allocate();
        shared.Resv.Lock();
        shared.Resv.ReserveFences(1);
        shared.Resv.AddFence(future, DmaResvUsage.Write);
        shared.Resv.Unlock();

        userspace.Increment();
        using var compositor = new GpuScheduler(world.Runtime, "compositor");
        var job = compositor.Submit(_ => future.Wait());
        job.Finished.Wait();
        shared.Put();
    }
}
