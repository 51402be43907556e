using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Locking;

namespace DmaBuf.Dept.Locking;

/// <summary>
/// <c>spin_lock</c>: the [W] for the lock's class before blocking, the event context once held. Split in two so a
/// lock that throws (a self-deadlock the model refuses) leaves nothing held in the tracker.
/// </summary>
[DeptPatch(typeof(KernelSpinLock), nameof(KernelSpinLock.Lock), Function = "spin_lock")]
public static class KernelSpinLockLockPatch
{
    /// <summary>Records the wait.</summary>
    /// <param name="__instance">The lock.</param>
    /// <param name="__site">The call site.</param>
    public static void Prefix(KernelSpinLock __instance, DeptSite __site) =>
        DeptLdt.AcquireWait(DmaDeptClasses.LockKey(__instance.ClassName), __instance, __site);

    /// <summary>Enters the event context.</summary>
    /// <param name="__instance">The lock.</param>
    /// <param name="__site">The call site.</param>
    public static void Postfix(KernelSpinLock __instance, DeptSite __site) =>
        DeptLdt.Acquired(DmaDeptClasses.LockKey(__instance.ClassName), __instance, __site);
}
