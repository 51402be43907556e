using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="Monitor.Wait(object)"/> and <see cref="Monitor.Pulse"/>/<see cref="Monitor.PulseAll"/>.
/// <c>Monitor.Wait</c> releases the monitor, waits for a pulse and re-acquires it, so Dept closes the monitor's
/// event context, records a wait on the monitor's condition (class: the wait call site, <c>... (condition)</c>),
/// and re-opens the event context after the call; a pulse is the condition's event. Keeping the monitor's context
/// open across the wait would add the false cycle monitor → condition → monitor (the pulser must hold the monitor).
/// </summary>
public static class MonitorConditionPatches
{
    private const string Kind = "Monitor condition";

    static MonitorConditionPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Monitor.Wait(object)</c> and <c>Monitor.Wait(object, ...)</c> without a timeout argument.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.Wait), typeof(object))]
    public static class Wait
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, DeptSite __site) => BeforeWait(obj, __site, blocks: true, timed: false);

        /// <summary>Runs after the call: the monitor is held again.</summary>
        public static void Postfix(object obj, DeptSite __site) => AfterWait(obj, __site);
    }

    /// <summary><c>Monitor.Wait(object, int)</c> and <c>Monitor.Wait(object, int, bool)</c>.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.Wait), typeof(object), typeof(int))]
    [DeptPatch(typeof(Monitor), nameof(Monitor.Wait), typeof(object), typeof(int), typeof(bool))]
    public static class WaitMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, int millisecondsTimeout, DeptSite __site)
            => BeforeWait(obj, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(object obj, DeptSite __site) => AfterWait(obj, __site);
    }

    /// <summary><c>Monitor.Wait(object, TimeSpan)</c> and <c>Monitor.Wait(object, TimeSpan, bool)</c>.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.Wait), typeof(object), typeof(TimeSpan))]
    [DeptPatch(typeof(Monitor), nameof(Monitor.Wait), typeof(object), typeof(TimeSpan), typeof(bool))]
    public static class WaitTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, TimeSpan timeout, DeptSite __site)
            => BeforeWait(obj, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(object obj, DeptSite __site) => AfterWait(obj, __site);
    }

    /// <summary><c>Monitor.Pulse(object)</c> and <c>Monitor.PulseAll(object)</c>: the condition's event.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.Pulse), typeof(object))]
    [DeptPatch(typeof(Monitor), nameof(Monitor.PulseAll), typeof(object))]
    public static class Pulse
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, DeptSite __site)
        {
            try
            {
                if (obj is not null && Monitor.IsEntered(obj))
                {
                    Waits.Event(obj, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    private static void BeforeWait(object? obj, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            // Not the owner: the original throws SynchronizationLockException and nothing changes.
            if (obj is null || !Monitor.IsEntered(obj))
            {
                return;
            }

            DeptLdt.Release(obj, site);
            if (blocks)
            {
                Waits.Block(obj, Kind, site, timed, SiteKeys.Condition(site));
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void AfterWait(object? obj, DeptSite? site)
    {
        try
        {
            if (obj is not null)
            {
                // Re-acquiring is a wait for the monitor while holding whatever else is held.
                DeptLdt.Acquire(SiteKeys.For(site), obj, site, DeptLockMode.Exclusive, DeptLockFlags.Reentrant);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
