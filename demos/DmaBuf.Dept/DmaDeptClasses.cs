using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using DmaBuf.Fences;

namespace DmaBuf.Dept;

/// <summary>
/// The Dept classes of the dma-buf model. Fences follow the kernel's lockdep annotation: one pseudo-class
/// <c>dma_fence_map</c> is what every fence wait waits for and what every signalling critical section is the event
/// context of, so "lock L held across a fence wait" plus "L taken in a signalling section" closes a cycle on the
/// first run, with no real hang needed (dma-workload.md section 6.2). Locks are keyed by their class name.
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

    // One map per fence, living as long as the fence: the map carries the wait requests its signal answers.
    private static readonly ConditionalWeakTable<Fence, DeptMap> s_fenceMaps = [];

    /// <summary>Returns the per-instance map of <paramref name="fence"/>, creating it on first use.</summary>
    /// <param name="fence">The fence.</param>
    /// <returns>Its map (class <see cref="FenceMap"/>).</returns>
    public static DeptMap MapOf(Fence fence) => s_fenceMaps.GetValue(fence, static _ => new DeptMap(FenceMap));

    /// <summary>Returns the class key of a lock class name.</summary>
    /// <param name="className">The lock class name.</param>
    /// <returns>The interned key.</returns>
    public static DeptKey LockKey(string className) => DeptKey.Named(className);
}
