using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Locking;

namespace DmaBuf.Dept.Locking;

/// <summary><c>mutex_trylock</c>: never waits; a success enters the event context.</summary>
[DeptPatch(typeof(KernelMutex), nameof(KernelMutex.TryLock), Function = "mutex_trylock")]
public static class KernelMutexTryLockPatch
{
    /// <summary>Enters the event context if the lock was taken.</summary>
    /// <param name="__instance">The lock.</param>
    /// <param name="__result">Whether it was taken.</param>
    /// <param name="__site">The call site.</param>
    public static void Postfix(KernelMutex __instance, bool __result, DeptSite __site)
    {
        if (__result)
        {
            DeptLdt.Acquired(DmaDeptClasses.KeyOf(__instance), __instance, __site, flags: DeptLockFlags.Try);
        }
    }
}
