using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Locking;

namespace DmaBuf.Dept.Locking;

/// <summary>The unlock of <see cref="KernelSpinLock"/>: leaves the lock's event context.</summary>
[DeptPatch(typeof(KernelSpinLock), nameof(KernelSpinLock.Unlock), Function = "spin_unlock")]
public static class KernelSpinLockUnlockPatch
{
    /// <summary>Releases.</summary>
    /// <param name="__instance">The lock.</param>
    /// <param name="__site">The call site.</param>
    /// <param name="__context">The calling method's slot for the thread's tracking state (one lookup per invocation).</param>
    public static void Prefix(KernelSpinLock __instance, DeptSite __site, ref DeptThreadSlot __context) => DeptLdt.Release(__instance, __site, ref __context);
}
