using DmaBuf.Buffers;
using DmaBuf.Locking;
using DmaBuf.Reservation;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scheduling;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D10: a <c>DMA_BUF_IOCTL_SYNC(START)</c> issued while the importer's ioctl holds its per-file lock waits for the
/// buffer's write fence; the GPU job behind that fence needs the same file lock to retire. D1's graph, reached
/// through the dma-buf API. The job completes first here.
/// </summary>
public sealed class D10CpuAccessUnderFileLock : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D10";

    /// <inheritdoc/>
    public override string Title => "CPU-access sync under a lock the GPU completion needs";

    /// <inheritdoc/>
    public override string Models => "begin_cpu_access waits for the write fence while the ioctl holds the file lock; the job's completion takes the file lock before signalling";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var fileLock = new KernelMutex("drm_file.lock");
        using var ring = new GpuScheduler(world.Runtime, "gfx");
        var buffer = world.Allocate();
        var job = ring.Submit(_ =>
        {
            fileLock.Lock();
            fileLock.Unlock();
        });
        buffer.Resv.Lock();
        buffer.Resv.ReserveFences(1);
        buffer.Resv.AddFence(job.Finished, DmaResvUsage.Write);
        buffer.Resv.Unlock();
        job.Finished.Wait();

        fileLock.Lock();
        buffer.BeginCpuAccess(DmaDataDirection.FromDevice);
        buffer.EndCpuAccess(DmaDataDirection.FromDevice);
        fileLock.Unlock();
        buffer.Put();
    }
}
