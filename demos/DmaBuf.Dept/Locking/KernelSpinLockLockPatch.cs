using Dept.Core.Annotations;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using DmaBuf.Locking;

namespace DmaBuf.Dept.Locking;

/// <summary>
/// <c>spin_lock</c>: the [W] for the lock's class and the event context, recorded before blocking (a potential wait, as
/// lockdep records every acquire). A lock that throws (a self-deadlock the model refuses) is released again.
/// </summary>
[DeptPatch(typeof(KernelSpinLock), nameof(KernelSpinLock.Lock), Function = "spin_lock")]
public static class KernelSpinLockLockPatch
{
    /// <summary>Records the wait and enters the event context.</summary>
    /// <param name="__instance">The lock.</param>
    /// <param name="__site">The call site.</param>
    /// <param name="__context">The calling method's slot for the thread's tracking state (one lookup per invocation).</param>
    public static void Prefix(KernelSpinLock __instance, DeptSite __site, ref DeptThreadSlot __context) =>
        DeptRuntime.Current?.Acquire(DmaDeptClasses.KeyOf(__instance), __instance, __site, ref __context); // the key only when tracking

    /// <summary>Undoes the event context if the lock was not taken.</summary>
    /// <param name="__instance">The lock.</param>
    /// <param name="__exception">What the original threw, if anything.</param>
    public static void Finalizer(KernelSpinLock __instance, Exception? __exception)
    {
        if (__exception is not null)
        {
            DeptLdt.Release(__instance);
        }
    }
}
