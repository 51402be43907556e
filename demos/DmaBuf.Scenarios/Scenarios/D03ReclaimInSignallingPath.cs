using DmaBuf.Heaps;
using DmaBuf.Reservation;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scheduling;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D3: a completion worker allocates with reclaim allowed (a crash-dump buffer) inside its signalling section,
/// while a shrinker, under reclaim, waits for the fences of the buffers it evicts. Under memory pressure the
/// allocation enters reclaim and waits for the fence only this worker can signal; light testing never sees it.
/// </summary>
public sealed class D03ReclaimInSignallingPath : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D3";

    /// <inheritdoc/>
    public override string Title => "memory reclaim from the signalling path";

    /// <inheritdoc/>
    public override string Models => "job completion allocates (GFP_KERNEL) inside its signalling section; kswapd's shrinker waits for that job's fence under reclaim";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        using var ring = new GpuScheduler(world.Runtime, "gfx");
        var job = ring.Submit(_ => world.Allocate(64 * 1024).Put());
        job.Finished.Wait();

        var bo = world.Allocate();
        bo.Resv.Lock();
        bo.Resv.ReserveFences(1);
        bo.Resv.AddFence(job.Finished, DmaResvUsage.Kernel);
        bo.Resv.Unlock();
        var shrinker = new BufferShrinker();
        shrinker.Track(bo);
        ScenarioWorld.OnThread("kswapd0", () => shrinker.Scan(maxBuffers: 8));
    }
}
