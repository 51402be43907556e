using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// The event side of the wait handles: <see cref="EventWaitHandle.Set"/> (also <see cref="ManualResetEvent"/> and
/// <see cref="AutoResetEvent"/>) and <see cref="Semaphore.Release()"/> are events; <see cref="Mutex.ReleaseMutex"/>
/// closes the mutex's event context.
/// </summary>
public static class WaitHandleEventPatches
{
    static WaitHandleEventPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>EventWaitHandle.Set()</c>.</summary>
    [DeptPatch(typeof(EventWaitHandle), nameof(EventWaitHandle.Set))]
    public static class Set
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(EventWaitHandle __instance, DeptSite __site) => Fire(__instance, __site);
    }

    /// <summary><c>Semaphore.Release()</c> and <c>Semaphore.Release(int)</c>.</summary>
    [DeptPatch(typeof(Semaphore), nameof(Semaphore.Release))]
    [DeptPatch(typeof(Semaphore), nameof(Semaphore.Release), typeof(int))]
    public static class SemaphoreRelease
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Semaphore __instance, DeptSite __site)
        {
            try
            {
                if (__instance is not null && BinarySemaphores.Release(__instance, __site))
                {
                    return; // the flow's async lock: no signal
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }

            Fire(__instance, __site);
        }
    }

    /// <summary><c>new Semaphore(initialCount, maximumCount[, name[, out createdNew]])</c>: a binary one with a free slot is a lock (#9).</summary>
    [DeptPatch(typeof(Semaphore), ".ctor", typeof(int), typeof(int))]
    [DeptPatch(typeof(Semaphore), ".ctor", typeof(int), typeof(int), typeof(string))]
    public static class SemaphoreCreate
    {
        /// <summary>Runs after the constructor.</summary>
        public static void Postfix(Semaphore __result, int initialCount, int maximumCount)
        {
            try
            {
                BinarySemaphores.Created(__result, initialCount, maximumCount);
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>Mutex.ReleaseMutex()</c>: closes the event context once the mutex is really released.</summary>
    [DeptPatch(typeof(Mutex), nameof(Mutex.ReleaseMutex))]
    public static class ReleaseMutex
    {
        /// <summary>Runs after the call (not reached when the caller did not own the mutex).</summary>
        public static void Postfix(Mutex __instance, DeptSite __site)
        {
            try
            {
                DeptLdt.Release(__instance, __site);
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    private static void Fire(object? instance, DeptSite? site)
    {
        try
        {
            if (instance is not null)
            {
                Waits.Event(instance, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
