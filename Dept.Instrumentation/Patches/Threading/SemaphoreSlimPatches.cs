using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="SemaphoreSlim"/>. A semaphore has no owner (it is often released by another thread or
/// async flow), so Dept models it as DEPT models the kernel's <c>down()</c>/<c>up()</c>: a wait when the count is
/// zero (the call will really block), classified per wait call site, and an event at each <c>Release</c>, which
/// charges the releaser's waits since the request. <c>WaitAsync</c> is a wait of the awaiting flow: it is recorded
/// in the caller's context when the caller starts awaiting.
/// </summary>
public static class SemaphoreSlimPatches
{
    private const string Kind = "SemaphoreSlim";

    static SemaphoreSlimPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Wait()</c>, <c>Wait(CancellationToken)</c>, <c>WaitAsync()</c>, <c>WaitAsync(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(CancellationToken))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(CancellationToken))]
    public static class Wait
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, DeptSite __site) => Block(__instance, __site, blocks: true, timed: false);
    }

    /// <summary><c>Wait(int)</c>, <c>Wait(int, CancellationToken)</c> and their <c>WaitAsync</c> twins.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(int))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(int), typeof(CancellationToken))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(int))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(int), typeof(CancellationToken))]
    public static class WaitMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, int millisecondsTimeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>Wait(TimeSpan)</c>, <c>Wait(TimeSpan, CancellationToken)</c> and their <c>WaitAsync</c> twins.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(TimeSpan))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(TimeSpan), typeof(CancellationToken))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(TimeSpan))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(TimeSpan), typeof(CancellationToken))]
    public static class WaitTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, TimeSpan timeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary><c>Release()</c> and <c>Release(int)</c>: the semaphore's event.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Release))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Release), typeof(int))]
    public static class Release
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, DeptSite __site) => Signal(__instance, __site);
    }

    private static void Block(SemaphoreSlim semaphore, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            // A free slot means the call returns at once: not a wait (DEPT commits a wait only on a real sleep).
            if (blocks && semaphore is not null && semaphore.CurrentCount == 0)
            {
                Waits.Block(semaphore, Kind, site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Signal(SemaphoreSlim semaphore, DeptSite? site)
    {
        try
        {
            if (semaphore is not null)
            {
                Waits.Event(semaphore, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
