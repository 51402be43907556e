using Dept.Core.Annotations;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary><c>dma_fence_wait_any_timeout</c>: one [W] whose event is any of the fences' signals.</summary>
[DeptPatch(typeof(Fence), nameof(Fence.WaitAny), typeof(IReadOnlyList<Fence>), typeof(TimeSpan), typeof(CancellationToken), Function = "dma_fence_wait_any_timeout")]
public static class FenceWaitAnyPatch
{
    /// <summary>Requests each fence's event, then records the wait once.</summary>
    /// <param name="fences">The original's fences.</param>
    /// <param name="timeout">The original's timeout.</param>
    /// <param name="__site">The call site.</param>
    public static void Prefix(IReadOnlyList<Fence> fences, TimeSpan timeout, DeptSite __site)
    {
        if (fences is null || fences.Count == 0 || DeptRuntime.Current is null)
        {
            return; // The original rejects it, or nothing tracks (then no map is created).
        }

        for (var i = 1; i < fences.Count; i++)
        {
            DeptSdt.RequestEvent(DmaDeptClasses.MapOf(fences[i]), site: __site);
        }

        DeptSdt.Wait(DmaDeptClasses.WaitMapOf(fences[0]), __site, timeout: timeout != Timeout.InfiniteTimeSpan && timeout != TimeSpan.Zero);
    }
}
