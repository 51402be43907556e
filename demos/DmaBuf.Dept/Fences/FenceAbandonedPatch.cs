using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary>
/// The model's "this fence can never signal" point (release with pending callbacks, driver unload, timeline
/// teardown): the fence's abandoned hook. Blocked waiters (pending requests on the fence's map) and the queued
/// callbacks become one unreachable-event report, made before the model wakes or leaves them.
/// </summary>
[DeptPatch(typeof(FenceAbandonment), nameof(FenceAbandonment.Abandoned), typeof(Fence), typeof(FenceAbandonReason), typeof(IReadOnlyList<string>), typeof(string), Function = "dma_fence abandoned")]
public static class FenceAbandonedPatch
{
    /// <summary>Reports the unreachable signal.</summary>
    /// <param name="fence">The fence.</param>
    /// <param name="outstanding">The queued callbacks other than blocked waiters.</param>
    /// <param name="message">The model's message.</param>
    /// <param name="__site">The call site (where the fence was abandoned).</param>
    public static void Prefix(Fence fence, IReadOnlyList<string> outstanding, string message, DeptSite __site)
    {
        if (fence is not null)
        {
            DeptSdt.Abandon(DmaDeptClasses.MapOf(fence), message, __site, created: null, outstanding, eventFunction: "dma_fence_signal");
        }
    }
}
