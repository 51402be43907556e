using DmaBuf.Heaps;
using DmaBuf.Locking;
using DmaBuf.Reservation;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scheduling;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D12 (dma-buf.rst, "Recoverable Hardware Page Faults"): a 3D job's completion needs compute units that a compute
/// job holds while its page-fault handler allocates memory; reclaim waits for the 3D job's fence. Three classes:
/// fence, compute units, reclaim. The three parts run one after another, so nothing hangs.
/// </summary>
public sealed class D12PageFaultVersusFenceJob : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D12";

    /// <inheritdoc/>
    public override string Title => "recoverable page fault vs DMA-fence job";

    /// <inheritdoc/>
    public override string Models => "a compute job holds the compute units while its fault handler allocates; the 3D job's completion needs them; reclaim waits for the 3D fence";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var computeUnits = new KernelMutex("gpu.compute_units");
        ScenarioWorld.OnThread("compute-fault", () =>
        {
            computeUnits.Lock();
            world.Allocate(64 * 1024).Put(); // The fault handler allocates: may enter reclaim.
            computeUnits.Unlock();
        });

        using var gfx = new GpuScheduler(world.Runtime, "gfx3d");
        var job = gfx.Submit(_ =>
        {
            computeUnits.Lock();
            computeUnits.Unlock();
        });
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
