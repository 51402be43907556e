using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Reservation;

namespace DmaBuf.Dept.Reservation;

/// <summary><c>dma_resv_trylock</c>: never waits; a success enters the event context.</summary>
[DeptPatch(typeof(ReservationObject), nameof(ReservationObject.TryLock), Function = "dma_resv_trylock")]
public static class ResvTryLockPatch
{
    /// <summary>Enters the event context if taken.</summary>
    /// <param name="__instance">The reservation object.</param>
    /// <param name="__result">Whether it was taken.</param>
    /// <param name="__site">The call site.</param>
    public static void Postfix(ReservationObject __instance, bool __result, DeptSite __site)
    {
        if (__result)
        {
            DeptLdt.Acquired(DmaDeptClasses.KeyOf(__instance), __instance, __site, flags: DeptLockFlags.Try);
        }
    }
}
