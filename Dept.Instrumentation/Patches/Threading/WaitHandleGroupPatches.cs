using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="WaitHandle.WaitAll(WaitHandle[])"/> and <see cref="WaitHandle.WaitAny(WaitHandle[])"/>
/// (<see cref="WaitHandle.SignalAndWait(WaitHandle, WaitHandle)"/>, which Dept cannot follow, is declared in
/// <see cref="UninstrumentedApis"/> and counted per call site).
/// <c>WaitAll</c> waits for every handle: one wait per handle, as <c>WaitOne</c> would record it. <c>WaitAny</c>
/// is woken by whichever handle fires first; DEPT has no "any of" wait, and a wait on each handle would claim
/// dependencies the program does not have, so each is recorded as a timed wait (an alternate waker, like a
/// timeout): ignored unless timeout waits are tracked, and then reported as a circular dependency, not a deadlock.
/// </summary>
public static class WaitHandleGroupPatches
{
    static WaitHandleGroupPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>WaitAll(WaitHandle[])</c>.</summary>
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAll), typeof(WaitHandle[]))]
    public static class WaitAll
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(WaitHandle[] waitHandles, DeptSite __site) => Before(waitHandles, __site, blocks: true, timed: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(WaitHandle[] waitHandles, bool __result, DeptSite __site) => After(waitHandles, __result, __site);
    }

    /// <summary><c>WaitAll(WaitHandle[], int)</c> and <c>WaitAll(WaitHandle[], int, bool)</c>.</summary>
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAll), typeof(WaitHandle[]), typeof(int))]
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAll), typeof(WaitHandle[]), typeof(int), typeof(bool))]
    public static class WaitAllMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(WaitHandle[] waitHandles, int millisecondsTimeout, DeptSite __site)
            => Before(waitHandles, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(WaitHandle[] waitHandles, bool __result, DeptSite __site) => After(waitHandles, __result, __site);
    }

    /// <summary><c>WaitAll(WaitHandle[], TimeSpan)</c> and <c>WaitAll(WaitHandle[], TimeSpan, bool)</c>.</summary>
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAll), typeof(WaitHandle[]), typeof(TimeSpan))]
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAll), typeof(WaitHandle[]), typeof(TimeSpan), typeof(bool))]
    public static class WaitAllTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(WaitHandle[] waitHandles, TimeSpan timeout, DeptSite __site)
            => Before(waitHandles, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(WaitHandle[] waitHandles, bool __result, DeptSite __site) => After(waitHandles, __result, __site);
    }

    /// <summary>Every <c>WaitAny</c> overload: each handle is an alternate waker (a timed wait).</summary>
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAny), typeof(WaitHandle[]))]
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAny), typeof(WaitHandle[]), typeof(int))]
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAny), typeof(WaitHandle[]), typeof(TimeSpan))]
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAny), typeof(WaitHandle[]), typeof(int), typeof(bool))]
    [DeptPatch(typeof(WaitHandle), nameof(WaitHandle.WaitAny), typeof(WaitHandle[]), typeof(TimeSpan), typeof(bool))]
    public static class WaitAny
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(WaitHandle[] waitHandles, DeptSite __site)
            => Before(waitHandles, __site, blocks: true, timed: true);

        /// <summary>Runs after the call: the mutex that satisfied the wait, if any, is now held.</summary>
        public static void Postfix(WaitHandle[] waitHandles, int __result, DeptSite __site)
        {
            try
            {
                if (waitHandles is not null && (uint)__result < (uint)waitHandles.Length)
                {
                    HandleWaits.Acquired(waitHandles[__result], __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    private static void Before(WaitHandle[]? handles, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (!blocks || handles is null)
            {
                return;
            }

            foreach (var handle in handles)
            {
                HandleWaits.Before(handle, site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void After(WaitHandle[]? handles, bool acquired, DeptSite? site)
    {
        try
        {
            if (!acquired || handles is null)
            {
                return;
            }

            foreach (var handle in handles)
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
