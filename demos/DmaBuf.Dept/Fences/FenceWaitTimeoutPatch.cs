using Dept.Core.Annotations;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary><c>dma_fence_wait_timeout</c>: a [W]; finite timeouts are timeout waits (DEPT drops them by default).</summary>
[DeptPatch(typeof(Fence), nameof(Fence.WaitTimeout), typeof(TimeSpan), typeof(CancellationToken), Function = "dma_fence_wait_timeout")]
public static class FenceWaitTimeoutPatch
{
    /// <summary>Records the wait.</summary>
    /// <param name="__instance">The fence.</param>
    /// <param name="timeout">The original's timeout.</param>
    /// <param name="__site">The call site.</param>
    public static void Prefix(Fence __instance, TimeSpan timeout, DeptSite __site) =>
        DeptRuntime.Current?.Wait(DmaDeptClasses.WaitMapOf(__instance), __site, timeout: timeout != Timeout.InfiniteTimeSpan); // no map while nothing tracks
}
