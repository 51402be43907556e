using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Reservation;

namespace DmaBuf.Dept.Reservation;

/// <summary>
/// <c>dma_resv_lock</c>. Without an acquire context every lock is a [W] on <c>reservation_ww_class_mutex</c>, so
/// two objects locked that way are the same-class recursion lockdep reports (D7, D8). With a context only the
/// first lock is a wait: the wait-die protocol makes the others safe, as lockdep's nest lock does.
/// </summary>
[DeptPatch(typeof(ReservationObject), nameof(ReservationObject.Lock), typeof(WwAcquireContext), Function = "dma_resv_lock")]
public static class ResvLockPatch
{
    /// <summary>Records the wait unless the context already holds locks of the class.</summary>
    /// <param name="__instance">The reservation object.</param>
    /// <param name="context">The original's acquire context.</param>
    /// <param name="__site">The call site.</param>
    public static void Prefix(ReservationObject __instance, WwAcquireContext? context, DeptSite __site)
    {
        if (context is null || context.AcquiredCount == 0)
        {
            DeptLdt.AcquireWait(DmaDeptClasses.KeyOf(__instance), __instance, __site);
        }
    }

    /// <summary>Enters the event context when the lock was taken.</summary>
    /// <param name="__instance">The reservation object.</param>
    /// <param name="__result">The original's result.</param>
    /// <param name="__site">The call site.</param>
    public static void Postfix(ReservationObject __instance, WwLockResult __result, DeptSite __site)
    {
        if (__result == WwLockResult.Acquired)
        {
            DeptLdt.Acquired(DmaDeptClasses.KeyOf(__instance), __instance, __site);
        }
    }
}
