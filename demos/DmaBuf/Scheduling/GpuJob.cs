using DmaBuf.Fences;

namespace DmaBuf.Scheduling;

/// <summary>A job on a <see cref="GpuScheduler"/> ring and the fence that signals its completion.</summary>
public sealed class GpuJob
{
    internal GpuJob(GpuScheduler scheduler, Fence finished, Action<GpuJob>? work)
    {
        Scheduler = scheduler;
        Finished = finished;
        Work = work;
    }

    /// <summary>Gets the scheduler.</summary>
    public GpuScheduler Scheduler { get; }

    /// <summary>Gets the fence that signals when the job completes (published at submit).</summary>
    public Fence Finished { get; }

    /// <summary>Gets the completion work, which runs inside the job's signalling critical section.</summary>
    internal Action<GpuJob>? Work { get; }
}
