using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="WaitHandle.WaitOne()"/> (every <see cref="Mutex"/>, <see cref="Semaphore"/>,
/// <see cref="ManualResetEvent"/>, <see cref="AutoResetEvent"/> and <see cref="EventWaitHandle"/> wait binds to it).
/// The model per handle type is in <see cref="HandleWaits"/>; events are in <see cref="WaitHandleEventPatches"/>.
/// </summary>
public static class WaitHandlePatches
{
    static WaitHandlePatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>WaitOne()</c>: an untimed wait.</summary>
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitOne))]
    public static class WaitOne
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(WaitHandle __instance, DeptSite __site) => Before(__instance, __site, blocks: true, timed: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(WaitHandle __instance, bool __result, DeptSite __site) => After(__instance, __result, __site);
    }

    /// <summary><c>WaitOne(int)</c> and <c>WaitOne(int, bool)</c>.</summary>
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitOne), typeof(int))]
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitOne), typeof(int), typeof(bool))]
    public static class WaitOneMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(WaitHandle __instance, int millisecondsTimeout, DeptSite __site)
            => Before(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(WaitHandle __instance, bool __result, DeptSite __site) => After(__instance, __result, __site);
    }

    /// <summary><c>WaitOne(TimeSpan)</c> and <c>WaitOne(TimeSpan, bool)</c>.</summary>
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitOne), typeof(TimeSpan))]
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitOne), typeof(TimeSpan), typeof(bool))]
    public static class WaitOneTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(WaitHandle __instance, TimeSpan timeout, DeptSite __site)
            => Before(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(WaitHandle __instance, bool __result, DeptSite __site) => After(__instance, __result, __site);
    }

    internal static void Before(WaitHandle? handle, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (blocks)
            {
                HandleWaits.Before(handle, site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    internal static void After(WaitHandle? handle, bool acquired, DeptSite? site)
    {
        try
        {
            if (acquired)
            {
                HandleWaits.Acquired(handle, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
