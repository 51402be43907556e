using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary><c>__dma_fence_might_wait</c>: a [W] on the fence class with no particular fence.</summary>
[DeptPatch(typeof(FenceSignalling), nameof(FenceSignalling.MightWait), Function = "__dma_fence_might_wait")]
public static class MightWaitPatch
{
    /// <summary>Records the wait.</summary>
    /// <param name="__site">The call site.</param>
    public static void Prefix(DeptSite __site) => DeptSdt.Wait(DmaDeptClasses.MightWait, __site);
}
