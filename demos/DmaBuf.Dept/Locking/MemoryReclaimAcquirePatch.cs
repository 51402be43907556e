using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Locking;

namespace DmaBuf.Dept.Locking;

/// <summary><c>fs_reclaim_acquire</c>: reclaim as a lock, so allocations and shrinkers enter the graph (D3, D12).</summary>
[DeptPatch(typeof(MemoryReclaim), nameof(MemoryReclaim.Acquire), Function = "fs_reclaim_acquire")]
public static class MemoryReclaimAcquirePatch
{
    /// <summary>Waits for and enters reclaim.</summary>
    /// <param name="__site">The call site.</param>
    public static void Prefix(DeptSite __site) =>
        DeptLdt.Acquire(DmaDeptClasses.FsReclaim, DmaDeptClasses.FsReclaimInstance, __site, flags: DeptLockFlags.Reentrant);
}
