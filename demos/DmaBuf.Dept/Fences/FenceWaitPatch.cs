using Dept.Core.Annotations;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary>
/// <c>dma_fence_wait</c>: a [W] on the fence's class, recorded whether or not the fence has signalled (as the
/// kernel's <c>__dma_fence_might_wait</c>), so the dependency is seen on the first run without a real block.
/// </summary>
[DeptPatch(typeof(Fence), nameof(Fence.Wait), typeof(CancellationToken), Function = "dma_fence_wait")]
public static class FenceWaitPatch
{
    /// <summary>Records the wait.</summary>
    /// <param name="__instance">The fence.</param>
    /// <param name="__site">The call site.</param>
    /// <param name="__context">The calling method's slot for the thread's tracking state (one lookup per invocation).</param>
    public static void Prefix(Fence __instance, DeptSite __site, ref DeptThreadSlot __context) =>
        DeptRuntime.Current?.Wait(DmaDeptClasses.WaitMapOf(__instance), __site, ref __context); // no map while nothing tracks
}
