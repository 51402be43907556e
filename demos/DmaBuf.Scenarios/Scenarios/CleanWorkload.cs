using DmaBuf.Buffers;
using DmaBuf.Fences;
using DmaBuf.Heaps;
using DmaBuf.Reservation;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scheduling;
using DmaBuf.Sync;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// The clean high-concurrency workload: many threads allocate from both heaps, attach, map, submit jobs on two
/// rings, publish the job fences in their own and in shared buffers with the wound/wait protocol (real contention,
/// real back-offs), open CPU access (waiting for the fences), merge sync files, follow timeline points and wait
/// for any of several fences, always in the documented order. Dept must report nothing and the model must warn
/// about nothing.
/// </summary>
public sealed class CleanWorkload : Scenario
{
    /// <summary>The default thread count.</summary>
    public const int DefaultThreads = 8;

    /// <summary>The default iterations per thread.</summary>
    public const int DefaultIterations = 60;

    private readonly int _threads;
    private readonly int _iterations;

    /// <summary>Creates the workload.</summary>
    /// <param name="threads">How many threads.</param>
    /// <param name="iterations">Iterations per thread.</param>
    public CleanWorkload(int threads = DefaultThreads, int iterations = DefaultIterations)
    {
        _threads = threads;
        _iterations = iterations;
    }

    /// <inheritdoc/>
    public override string Id => "clean";

    /// <inheritdoc/>
    public override string Title => "clean high-concurrency workload";

    /// <inheritdoc/>
    public override string Models => "threads allocating, attaching, mapping, fencing through shared reservations with ww back-off, and waiting, in a consistent order";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.Clean;

    /// <summary>Gets the number of completed iterations of the last run.</summary>
    public int Completed { get; private set; }

    /// <summary>Gets the number of ww back-offs in the last run.</summary>
    public int BackOffs { get; private set; }

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        using var gfx = new GpuScheduler(world.Runtime, "gfx");
        using var copy = new GpuScheduler(world.Runtime, "copy");
        var shared = Enumerable.Range(0, 4).Select(_ => world.Allocate(16 * 1024)).ToArray();
        var completed = 0;
        var backOffs = 0;
        ScenarioWorld.Parallel("client", _threads, thread =>
        {
            Fence? chain = null;
            for (var i = 0; i < _iterations; i++)
            {
                var ring = (thread + i) % 2 == 0 ? gfx : copy;
                var sharedBuffer = shared[(thread + i) % shared.Length];
                Interlocked.Add(ref backOffs, Iteration(world, ring, sharedBuffer, thread, i, ref chain));
                Interlocked.Increment(ref completed);
            }

            if (chain is not null && !chain.Wait().IsSignaled)
            {
                throw new InvalidOperationException("A timeline point did not signal.");
            }
        });

        foreach (var buffer in shared)
        {
            buffer.Resv.WaitTimeout(DmaResvUsage.Bookkeep, Timeout.InfiniteTimeSpan);
            buffer.Put();
        }

        Completed = completed;
        BackOffs = backOffs;
    }

    private static int Iteration(ScenarioWorld world, GpuScheduler ring, DmaBuffer shared, int thread, int i, ref Fence? chain)
    {
        var heap = i % 4 == 0 ? ContiguousHeap.DefaultRegionName : SystemHeap.HeapName;
        var buffer = world.Heaps.Allocate(heap, 16 * 1024);
        var attachment = buffer.Attach($"gpu{thread}");
        buffer.MapAttachmentUnlocked(attachment, DmaDataDirection.Bidirectional);

        var job = ring.Submit();
        var backOffs = Publish(world.Runtime, job.Finished, buffer, shared, reversed: (thread + i) % 2 == 1);

        if (!buffer.BeginCpuAccess(DmaDataDirection.ToDevice).IsSignaled)
        {
            throw new InvalidOperationException("CPU access was refused.");
        }

        buffer.CpuWrite(0, [(byte)thread, (byte)i]);
        buffer.EndCpuAccess(DmaDataDirection.ToDevice);

        var other = ring.Submit();
        var merged = SyncFile.Merge("frame", SyncFile.Create(job.Finished), SyncFile.Create(other.Finished));
        if (!merged.Wait(Timeout.InfiniteTimeSpan).IsSignaled || merged.GetInfo().Status != FenceStatus.Signaled)
        {
            throw new InvalidOperationException("A merged sync file did not signal.");
        }

        if (!Fence.WaitAny([job.Finished, other.Finished], Timeout.InfiniteTimeSpan).IsSignaled)
        {
            throw new InvalidOperationException("wait-any did not signal.");
        }

        chain = FenceChain.Create(world.Runtime, chain, other.Finished, (ulong)i + 1);
        buffer.UnmapAttachmentUnlocked(attachment);
        buffer.Detach(attachment);
        buffer.Put();
        return backOffs;
    }

    // The multi-buffer submission: both reservations under one acquire context, in either order.
    private static int Publish(DmaRuntime runtime, Fence fence, DmaBuffer own, DmaBuffer shared, bool reversed)
    {
        ReservationObject[] objects = reversed ? [shared.Resv, own.Resv] : [own.Resv, shared.Resv];
        using var context = new WwAcquireContext(runtime);
        var backOffs = WwTransaction.LockAll(context, objects);
        try
        {
            own.Resv.ReserveFences(1);
            own.Resv.AddFence(fence, DmaResvUsage.Write);
            shared.Resv.ReserveFences(1);
            shared.Resv.AddFence(fence, DmaResvUsage.Read);
        }
        finally
        {
            WwTransaction.UnlockAll(objects);
        }

        return backOffs;
    }
}
