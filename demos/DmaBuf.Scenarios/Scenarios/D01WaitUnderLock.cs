using DmaBuf.Scenarios.Running;
using DmaBuf.Scheduling;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D1, the canonical one (dma-fence.c DOC): a submit path holds the ring lock across a fence wait, and the
/// job-completion path takes the same lock to retire the job before it signals. Here the job completes first,
/// so nothing hangs; Dept still sees both halves.
/// </summary>
public sealed class D01WaitUnderLock : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D1";

    /// <inheritdoc/>
    public override string Title => "fence wait under a lock the signaller needs";

    /// <inheritdoc/>
    public override string Models => "submit ioctl holds the ring lock and waits for a job's fence; the completion worker takes the ring lock to retire the job before signalling";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        using var ring = new GpuScheduler(world.Runtime, "gfx");
        var job = ring.Submit();

        // Let the job complete first, so the real deadlock cannot happen.
        job.Finished.Wait();

        // The submit ioctl: ring lock held across a fence wait.
        ring.RingLock.Lock();
        job.Finished.Wait();
        ring.RingLock.Unlock();
    }
}
