using Dept.Core.Annotations;
using DmaBuf.Fences;
using DmaBuf.Locking;
using DmaBuf.Reservation;

namespace DmaBuf.Dept;

/// <summary>
/// The Dept classes of the dma-buf model. Fences follow the kernel's lockdep annotation: one pseudo-class
/// <c>dma_fence_map</c> is what every fence wait waits for and what every signalling critical section is the event
/// context of, so "lock L held across a fence wait" plus "L taken in a signalling section" closes a cycle on the
/// first run, with no real hang needed (dma-workload.md section 6.2). Locks are keyed by their class name. Per-instance
/// state (a fence's map, a lock's key) lives in the instance's <c>dep_map</c> slot, as lockdep's does in the kernel.
/// </summary>
public static class DmaDeptClasses
{
    /// <summary>The fence pseudo-class (lockdep's <c>dma_fence_map</c>).</summary>
    public static readonly DeptKey FenceMap = DeptKey.Named("dma_fence_map");

    /// <summary>The class of every fence's inline lock (<see cref="Fence.InlineLockClass"/>).</summary>
    public static readonly DeptKey InlineFenceLock = DeptKey.Named(Fence.InlineLockClass);

    /// <summary>The memory-reclaim pseudo-lock (lockdep's <c>fs_reclaim</c>).</summary>
    public static readonly DeptKey FsReclaim = DeptKey.Named("fs_reclaim");

    /// <summary>The map of every signalling critical section (<c>dma_fence_begin_signalling</c>).</summary>
    public static readonly DeptMap Signalling = new(FenceMap, "dma_fence_signalling");

    /// <summary>The map of waits with no fence at hand (<c>__dma_fence_might_wait</c> in the priming).</summary>
    public static readonly DeptMap MightWait = new(FenceMap, "dma_fence_might_wait");

    /// <summary>
    /// The map a wait uses for a fence that signalled before any tracked wait created its own: the wait is answered, so
    /// it needs only its class (once-only and fired: no request, nothing allocated per fence). A fence that has its map
    /// keeps using it.
    /// </summary>
    public static readonly DeptMap SignalledFence = CreateSignalledFence();

    /// <summary>The instance standing for reclaim in held-lock tracking (there is one reclaim, like one <c>fs_reclaim</c> map).</summary>
    public static readonly object FsReclaimInstance = new();

    /// <summary>Returns the per-instance map of <paramref name="fence"/>, creating it on first use.</summary>
    /// <param name="fence">The fence.</param>
    /// <returns>Its map (class <see cref="FenceMap"/>).</returns>
    public static DeptMap MapOf(Fence fence) => fence.GetDepMap(static f =>
    {
        var map = new DeptMap(FenceMap, firesOnce: true); // a fence signals once
        if (f.TestSignaledFlag())
        {
            map.MarkFired(); // it signalled before anyone waited through Dept: later waits on it are answered
        }

        return map;
    });

    /// <summary>The map a wait on <paramref name="fence"/> records: its own, or <see cref="SignalledFence"/> if it has none and already signalled.</summary>
    /// <param name="fence">The fence.</param>
    /// <returns>A map of class <see cref="FenceMap"/>.</returns>
    public static DeptMap WaitMapOf(Fence fence)
        => fence.DepMapIfCreated as DeptMap ?? (fence.TestSignaledFlag() ? SignalledFence : MapOf(fence));

    /// <summary>Finds the map of <paramref name="fence"/> if a tracked wait ever created one.</summary>
    /// <param name="fence">The fence.</param>
    /// <param name="map">Its map.</param>
    /// <returns><see langword="false"/> if nobody waited through Dept: then no request is pending and a signal has nothing to answer.</returns>
    public static bool TryGetMap(Fence fence, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeptMap? map)
    {
        map = fence.DepMapIfCreated as DeptMap;
        return map is not null;
    }

    private static DeptMap CreateSignalledFence()
    {
        var map = new DeptMap(FenceMap, "dma_fence (signalled)", firesOnce: true);
        map.MarkFired();
        return map;
    }

    /// <summary>Returns the class key of a mutex, kept in its <c>dep_map</c> slot after the first lookup.</summary>
    /// <param name="mutex">The mutex.</param>
    /// <returns>The key named after its lock class.</returns>
    public static DeptKey KeyOf(KernelMutex mutex) => mutex.GetDepMap(static m => DeptKey.Named(m.ClassName));

    /// <summary>Returns the class key of a spinlock.</summary>
    /// <param name="spinLock">The spinlock.</param>
    /// <returns>The key named after its lock class.</returns>
    /// <remarks>
    /// Every fence has its own inline lock, created with the fence and locked once or twice in its life, so looking its
    /// key up per instance (a delegate call, an intern lookup, a store into the lock) was most of what Dept added to a
    /// fence's signal. Its class name is one constant: compared by reference, it needs none of that.
    /// </remarks>
    public static DeptKey KeyOf(KernelSpinLock spinLock) => ReferenceEquals(spinLock.ClassName, Fence.InlineLockClass)
        ? InlineFenceLock
        : spinLock.GetDepMap(static l => DeptKey.Named(l.ClassName));

    /// <summary>Returns the class key of a reservation object (<c>reservation_ww_class_mutex</c>).</summary>
    /// <param name="resv">The reservation object.</param>
    /// <returns>The key.</returns>
    public static DeptKey KeyOf(ReservationObject resv) => resv.GetDepMap(static r => DeptKey.Named(r.LockClassName));
}
