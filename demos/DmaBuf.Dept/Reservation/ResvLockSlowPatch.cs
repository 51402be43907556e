using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Reservation;

namespace DmaBuf.Dept.Reservation;

/// <summary><c>dma_resv_lock_slow</c>: after backing off the context holds nothing, so this is a plain wait and take.</summary>
[DeptPatch(typeof(ReservationObject), nameof(ReservationObject.LockSlow), typeof(WwAcquireContext), Function = "dma_resv_lock_slow")]
public static class ResvLockSlowPatch
{
    /// <summary>Records the wait.</summary>
    /// <param name="__instance">The reservation object.</param>
    /// <param name="__site">The call site.</param>
    public static void Prefix(ReservationObject __instance, DeptSite __site) =>
        DeptLdt.AcquireWait(DmaDeptClasses.KeyOf(__instance), __instance, __site);

    /// <summary>Enters the event context.</summary>
    /// <param name="__instance">The reservation object.</param>
    /// <param name="__site">The call site.</param>
    public static void Postfix(ReservationObject __instance, DeptSite __site) =>
        DeptLdt.Acquired(DmaDeptClasses.KeyOf(__instance), __instance, __site);
}
