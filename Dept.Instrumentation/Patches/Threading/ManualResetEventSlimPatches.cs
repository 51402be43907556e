using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="ManualResetEventSlim"/>: <c>Wait</c> on an unset event is a wait (classified per wait
/// call site), <c>Set</c> is the event. A wait on an event already set returns at once and is not recorded.
/// </summary>
public static class ManualResetEventSlimPatches
{
    static ManualResetEventSlimPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Wait()</c> and <c>Wait(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait))]
    [DeptPatch(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait), typeof(CancellationToken))]
    public static class Wait
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ManualResetEventSlim __instance, DeptSite __site) => Block(__instance, __site, blocks: true, timed: false);
    }

    /// <summary><c>Wait(int)</c> and <c>Wait(int, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait), typeof(int))]
    [DeptPatch(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait), typeof(int), typeof(CancellationToken))]
    public static class WaitMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ManualResetEventSlim __instance, int millisecondsTimeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>Wait(TimeSpan)</c> and <c>Wait(TimeSpan, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait), typeof(TimeSpan))]
    [DeptPatch(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait), typeof(TimeSpan), typeof(CancellationToken))]
    public static class WaitTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ManualResetEventSlim __instance, TimeSpan timeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary><c>Set()</c>: the event.</summary>
    [DeptPatch(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Set))]
    public static class Set
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ManualResetEventSlim __instance, DeptSite __site)
        {
            try
            {
                if (__instance is not null)
                {
                    Waits.Event(__instance, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    private static void Block(ManualResetEventSlim mres, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (blocks && mres is not null && !mres.IsSet)
            {
                Waits.Block(mres, "ManualResetEventSlim", site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
