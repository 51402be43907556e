using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Locking;

namespace DmaBuf.Dept.Locking;

/// <summary><c>fs_reclaim_release</c>.</summary>
[DeptPatch(typeof(MemoryReclaim), nameof(MemoryReclaim.Release), Function = "fs_reclaim_release")]
public static class MemoryReclaimReleasePatch
{
    /// <summary>Leaves reclaim.</summary>
    /// <param name="__site">The call site.</param>
    public static void Prefix(DeptSite __site) => DeptLdt.Release(DmaDeptClasses.FsReclaimInstance, __site);
}
