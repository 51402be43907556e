using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Reservation;

namespace DmaBuf.Dept.Reservation;

/// <summary><c>dma_resv_unlock</c>: leaves the event context.</summary>
[DeptPatch(typeof(ReservationObject), nameof(ReservationObject.Unlock), Function = "dma_resv_unlock")]
public static class ResvUnlockPatch
{
    /// <summary>Releases.</summary>
    /// <param name="__instance">The reservation object.</param>
    /// <param name="__site">The call site.</param>
    /// <param name="__context">The calling method's slot for the thread's tracking state (one lookup per invocation).</param>
    public static void Prefix(ReservationObject __instance, DeptSite __site, ref DeptThreadSlot __context) => DeptLdt.Release(__instance, __site, ref __context);
}
