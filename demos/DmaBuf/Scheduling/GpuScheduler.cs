using System.Collections.Concurrent;
using DmaBuf.Fences;
using DmaBuf.Locking;

namespace DmaBuf.Scheduling;

/// <summary>
/// A hardware ring with its completion worker (a minimal <c>drm_sched</c>): jobs complete in order on one thread;
/// each completion is a signalling critical section that runs the job's work, retires it from the ring under
/// <see cref="RingLock"/>, and signals its fence. Holding <see cref="RingLock"/> across a wait for one of its
/// fences is scenario D1.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class GpuScheduler : IDisposable
{
    private readonly BlockingCollection<GpuJob> _queue = [];
    private readonly Thread _worker;
    private readonly NamedFenceOps _ops;
    private long _seqno;
    private int _inFlight;

    /// <summary>Creates the ring and starts its completion worker.</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="name">The ring name (the fences' timeline name); also the ring lock's class.</param>
    public GpuScheduler(DmaRuntime runtime, string name)
    {
        Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Context = FenceContext.Allocate();
        RingLock = new KernelMutex($"{name}.ring_lock");
        _ops = new NamedFenceOps("gpu_sched", name);
        _worker = new Thread(Complete) { IsBackground = true, Name = $"{name}-completion" };
        _worker.Start();
    }

    /// <summary>Gets the runtime.</summary>
    public DmaRuntime Runtime { get; }

    /// <summary>Gets the ring name.</summary>
    public string Name { get; }

    /// <summary>Gets the fence context of the ring.</summary>
    public ulong Context { get; }

    /// <summary>Gets the lock that protects the ring's job list; the completion path takes it.</summary>
    public KernelMutex RingLock { get; }

    /// <summary>Gets the number of submitted jobs not yet retired.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Submits a job; its fence is returned at once and signals when the job completes.</summary>
    /// <param name="work">Work the completion runs inside the signalling section, before retiring the job.</param>
    /// <returns>The job.</returns>
    public GpuJob Submit(Action<GpuJob>? work = null)
    {
        var fence = new Fence(_ops, Runtime, Context, (ulong)Interlocked.Increment(ref _seqno));
        var job = new GpuJob(this, fence, work);
        Interlocked.Increment(ref _inFlight);
        _queue.Add(job);
        return job;
    }

    /// <summary>
    /// Completes one job: the whole path to the signal is a signalling critical section (contract rule 2). A job
    /// whose work throws still completes, with <see cref="FenceErrors.Canceled"/> (rule 1: force-complete). The
    /// completion worker calls this once per job; each call is a new execution context for a tracker.
    /// </summary>
    /// <param name="job">The job.</param>
    public static void RunJob(GpuJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var cookie = FenceSignalling.Begin();
        try
        {
            try
            {
                job.Work?.Invoke(job);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                job.Finished.SetError(FenceErrors.Canceled);
            }

            job.Scheduler.Retire();
            job.Finished.Signal();
        }
        finally
        {
            FenceSignalling.End(cookie);
        }
    }

    /// <summary>Stops accepting jobs, completes the queued ones and stops the worker.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _worker.Join();
        _queue.Dispose();
    }

    // Takes the job off the ring under the ring lock: the lock a submit path must never hold across a fence wait.
    private void Retire()
    {
        RingLock.Lock();
        try
        {
            Interlocked.Decrement(ref _inFlight);
        }
        finally
        {
            RingLock.Unlock();
        }
    }

    private void Complete()
    {
        foreach (var job in _queue.GetConsumingEnumerable())
        {
            RunJob(job);
        }
    }
}
