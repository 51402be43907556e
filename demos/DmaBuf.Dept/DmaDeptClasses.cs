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

    /// <summary>The memory-reclaim pseudo-lock (lockdep's <c>fs_reclaim</c>).</summary>
    public static readonly DeptKey FsReclaim = DeptKey.Named("fs_reclaim");

    /// <summary>The map of every signalling critical section (<c>dma_fence_begin_signalling</c>).</summary>
    public static readonly DeptMap Signalling = new(FenceMap, "dma_fence_signalling");

    /// <summary>The map of waits with no fence at hand (<c>__dma_fence_might_wait</c> in the priming).</summary>
    public static readonly DeptMap MightWait = new(FenceMap, "dma_fence_might_wait");

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

    /// <summary>Finds the map of <paramref name="fence"/> if a tracked wait ever created one.</summary>
    /// <param name="fence">The fence.</param>
    /// <param name="map">Its map.</param>
    /// <returns><see langword="false"/> if nobody waited through Dept: then no request is pending and a signal has nothing to answer.</returns>
    public static bool TryGetMap(Fence fence, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeptMap? map)
    {
        map = fence.DepMapIfCreated as DeptMap;
        return map is not null;
    }

    /// <summary>Returns the class key of a mutex, kept in its <c>dep_map</c> slot after the first lookup.</summary>
    /// <param name="mutex">The mutex.</param>
    /// <returns>The key named after its lock class.</returns>
    public static DeptKey KeyOf(KernelMutex mutex) => mutex.GetDepMap(static m => DeptKey.Named(m.ClassName));

    /// <summary>Returns the class key of a spinlock.</summary>
    /// <param name="spinLock">The spinlock.</param>
    /// <returns>The key named after its lock class.</returns>
    public static DeptKey KeyOf(KernelSpinLock spinLock) => spinLock.GetDepMap(static l => DeptKey.Named(l.ClassName));

    /// <summary>Returns the class key of a reservation object (<c>reservation_ww_class_mutex</c>).</summary>
    /// <param name="resv">The reservation object.</param>
    /// <returns>The key.</returns>
    public static DeptKey KeyOf(ReservationObject resv) => resv.GetDepMap(static r => DeptKey.Named(r.LockClassName));
}
