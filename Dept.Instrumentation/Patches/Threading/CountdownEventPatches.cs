using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="CountdownEvent"/>: <c>Wait</c> before the count reaches zero is a wait (classified per
/// wait call site). The event is the <c>Signal</c> that brings the count to zero (it wakes the waiters, as DEPT
/// charges the waker); earlier signals are progress, not the wake-up, and are not events.
/// </summary>
public static class CountdownEventPatches
{
    static CountdownEventPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Wait()</c> and <c>Wait(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(CountdownEvent), nameof(CountdownEvent.Wait))]
    [DeptPatch(typeof(CountdownEvent), nameof(CountdownEvent.Wait), typeof(CancellationToken))]
    public static class Wait
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(CountdownEvent __instance, DeptSite __site) => Block(__instance, __site, blocks: true, timed: false);
    }

    /// <summary><c>Wait(int)</c> and <c>Wait(int, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(CountdownEvent), nameof(CountdownEvent.Wait), typeof(int))]
    [DeptPatch(typeof(CountdownEvent), nameof(CountdownEvent.Wait), typeof(int), typeof(CancellationToken))]
    public static class WaitMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(CountdownEvent __instance, int millisecondsTimeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>Wait(TimeSpan)</c> and <c>Wait(TimeSpan, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(CountdownEvent), nameof(CountdownEvent.Wait), typeof(TimeSpan))]
    [DeptPatch(typeof(CountdownEvent), nameof(CountdownEvent.Wait), typeof(TimeSpan), typeof(CancellationToken))]
    public static class WaitTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(CountdownEvent __instance, TimeSpan timeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary><c>Signal()</c>, <c>Signal(int)</c>: the event when the count reaches zero.</summary>
    [DeptPatch(typeof(CountdownEvent), nameof(CountdownEvent.Signal))]
    [DeptPatch(typeof(CountdownEvent), nameof(CountdownEvent.Signal), typeof(int))]
    public static class Signal
    {
        /// <summary>Runs after the call; <paramref name="__result"/> is whether the count reached zero.</summary>
        public static void Postfix(CountdownEvent __instance, bool __result, DeptSite __site)
        {
            try
            {
                if (__result && __instance is not null)
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

    private static void Block(CountdownEvent countdown, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (blocks && countdown is not null && !countdown.IsSet)
            {
                Waits.Block(countdown, "CountdownEvent", site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
