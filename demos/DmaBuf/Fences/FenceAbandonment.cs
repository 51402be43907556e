using DmaBuf.Diagnostics;

namespace DmaBuf.Fences;

/// <summary>
/// The one place where the model declares that a fence's signal can no longer happen while something still waits
/// for it: the kernel's WARN is logged and counted here. Every such path (release with pending callbacks, driver
/// unload, timeline teardown) calls <see cref="Abandoned"/> before it wakes or leaves the waiters, so a tracker
/// patching this call (DmaBuf.Dept does) sees the waiters still queued.
/// </summary>
public static class FenceAbandonment
{
    /// <summary>Logs that <paramref name="fence"/> can never signal on its own.</summary>
    /// <param name="fence">The fence.</param>
    /// <param name="reason">Why.</param>
    /// <param name="outstanding">The queued callbacks other than blocked waiters (e.g. <c>dma_fence_array child</c>).</param>
    /// <param name="message">The kernel-style message.</param>
    public static void Abandoned(Fence fence, FenceAbandonReason reason, IReadOnlyList<string> outstanding, string message)
    {
        ArgumentNullException.ThrowIfNull(fence);
        ArgumentNullException.ThrowIfNull(outstanding);
        fence.Runtime.Warnings.Warn(CodeOf(reason), message);
    }

    private static DmaWarningCode CodeOf(FenceAbandonReason reason) => reason switch
    {
        FenceAbandonReason.ReleasedWithPendingSignals => DmaWarningCode.ReleasedWithPendingSignals,
        FenceAbandonReason.DriverUnloaded => DmaWarningCode.DriverUnloadedWithPendingFences,
        FenceAbandonReason.TimelineTornDown => DmaWarningCode.TimelineTornDownWithPendingFences,
        _ => DmaWarningCode.IndefiniteFenceAbandoned,
    };
}
