using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary>
/// <c>dma_fence_signal_timestamp_locked</c>, where every signal path ends: the [E] that answers the fence's waits.
/// Only the first signal is an event.
/// </summary>
[DeptPatch(typeof(Fence), nameof(Fence.SignalLocked), typeof(DateTimeOffset), Function = "dma_fence_signal")]
public static class FenceSignalPatch
{
    /// <summary>Fires the event if this call signalled the fence.</summary>
    /// <param name="__instance">The fence.</param>
    /// <param name="__result">The original's result.</param>
    /// <param name="__site">The call site.</param>
    /// <param name="__context">The calling method's slot for the thread's tracking state (one lookup per invocation).</param>
    public static void Postfix(Fence __instance, FenceSignalResult __result, DeptSite __site, ref DeptThreadSlot __context)
    {
        // A fence nobody waited on through Dept has no map and no pending request: nothing to charge, nothing to allocate.
        if (__result == FenceSignalResult.Signaled && DmaDeptClasses.TryGetMap(__instance, out var map))
        {
            DeptSdt.Event(map, __site, ref __context);
        }
    }
}
