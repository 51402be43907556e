using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="Barrier.SignalAndWait()"/>. Each participant's arrival is an event (it charges the
/// arriving context's waits since the last participant started waiting: those waits delayed the arrival the
/// others block on), followed by a wait for the others, unless the arrival completes the phase.
/// </summary>
public static class BarrierPatches
{
    static BarrierPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>SignalAndWait()</c> and <c>SignalAndWait(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(Barrier), nameof(Barrier.SignalAndWait))]
    [DeptPatch(typeof(Barrier), nameof(Barrier.SignalAndWait), typeof(CancellationToken))]
    public static class SignalAndWait
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Barrier __instance, DeptSite __site) => Arrive(__instance, __site, blocks: true, timed: false);
    }

    /// <summary><c>SignalAndWait(int)</c> and <c>SignalAndWait(int, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(Barrier), nameof(Barrier.SignalAndWait), typeof(int))]
    [DeptPatch(typeof(Barrier), nameof(Barrier.SignalAndWait), typeof(int), typeof(CancellationToken))]
    public static class SignalAndWaitMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Barrier __instance, int millisecondsTimeout, DeptSite __site)
            => Arrive(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>SignalAndWait(TimeSpan)</c> and <c>SignalAndWait(TimeSpan, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(Barrier), nameof(Barrier.SignalAndWait), typeof(TimeSpan))]
    [DeptPatch(typeof(Barrier), nameof(Barrier.SignalAndWait), typeof(TimeSpan), typeof(CancellationToken))]
    public static class SignalAndWaitTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Barrier __instance, TimeSpan timeout, DeptSite __site)
            => Arrive(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    private static void Arrive(Barrier barrier, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (barrier is null)
            {
                return;
            }

            Waits.Event(barrier, site);

            // The last participant to arrive completes the phase and does not block.
            if (blocks && barrier.ParticipantsRemaining > 1)
            {
                Waits.Block(barrier, "Barrier", site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
