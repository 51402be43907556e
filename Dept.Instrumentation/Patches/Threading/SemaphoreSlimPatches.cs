using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="SemaphoreSlim"/> (#9). A binary semaphore (maximum count 1) is an async lock: every acquire,
/// sync or async, is a wait followed by an event context held by the acquiring logical flow across awaits and thread
/// hops (<see cref="DeptLdt.AcquireFlow"/>), closed by that flow's <c>Release</c>. Its class is proven a lock by the
/// first release from the acquiring flow; a release from another flow, or of a semaphore nobody acquired (the signal
/// pattern), makes the class a signal for good, and what it recorded before is dropped. A counting semaphore, and a
/// binary one whose class is a signal, is DEPT's <c>down()</c>/<c>up()</c>: a wait when the count is zero, classed per
/// wait site, and an event at each <c>Release</c>. See docs/reference/patches.md, "SemaphoreSlim".
/// </summary>
public static class SemaphoreSlimPatches
{
    private const string Kind = "SemaphoreSlim";
    private const DeptLockFlags Binary = DeptLockFlags.MaybeSignal;
    private static readonly ConditionalWeakTable<SemaphoreSlim, object> s_createdEmpty = new();
    private static readonly object s_marker = new();

    // Most programs never create a binary semaphore empty: their acquires and releases skip the table lookup.
    private static volatile bool s_anyCreatedEmpty;

    static SemaphoreSlimPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary>
    /// <c>new SemaphoreSlim(0, 1)</c>: a binary semaphore created with no free slot can only be a signal (someone must
    /// release it before anyone acquires it), so its instances keep wait/event semantics from the start.
    /// </summary>
    [DeptPatch(typeof(SemaphoreSlim), ".ctor", typeof(int), typeof(int))]
    public static class Create
    {
        /// <summary>Runs after the constructor.</summary>
        public static void Postfix(SemaphoreSlim __result, int initialCount, int maxCount)
        {
            try
            {
                if (maxCount == 1 && initialCount == 0 && __result is not null)
                {
                    s_createdEmpty.AddOrUpdate(__result, s_marker);
                    s_anyCreatedEmpty = true;
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>Wait()</c>, <c>Wait(CancellationToken)</c>: the acquire is recorded before it can block.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(CancellationToken))]
    public static class Wait
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, DeptSite __site, out bool __state)
        {
            __state = false;
            try
            {
                if (IsLock(__instance, __site))
                {
                    DeptLdt.AcquireFlow(SiteKeys.For(__site), __instance, __site, flags: Binary);
                    __state = true;
                }
                else
                {
                    Block(__instance, __site, blocks: true, timed: false);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }

        /// <summary>Runs after the call, or when it throws (cancelled): the recorded acquire is forgotten.</summary>
        public static void Finalizer(SemaphoreSlim __instance, Exception? __exception, bool __state) => Abandon(__instance, __exception, __state);
    }

    /// <summary><c>WaitAsync()</c>, <c>WaitAsync(CancellationToken)</c>: the flow acquires when it starts awaiting.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(CancellationToken))]
    public static class WaitAsync
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, DeptSite __site, out bool __state) => __state = BeforeAsync(__instance, __site, blocks: true, timed: false);

        /// <summary>Runs after the call: the acquire holds while the returned task is pending or succeeded.</summary>
        public static void Postfix(SemaphoreSlim __instance, Task __result, bool __state, DeptSite __site) => AfterAsync(__instance, __result, __state, __site, blocks: true, timed: false);
    }

    /// <summary><c>Wait(int)</c>, <c>Wait(int, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(int))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(int), typeof(CancellationToken))]
    public static class WaitMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, int millisecondsTimeout, DeptSite __site, out bool __state)
            => __state = BeforeTimed(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(SemaphoreSlim __instance, int millisecondsTimeout, bool __result, bool __state, DeptSite __site)
            => AfterTimed(__instance, __result, __state, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>Wait(TimeSpan)</c>, <c>Wait(TimeSpan, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(TimeSpan))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait), typeof(TimeSpan), typeof(CancellationToken))]
    public static class WaitTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, TimeSpan timeout, DeptSite __site, out bool __state)
            => __state = BeforeTimed(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(SemaphoreSlim __instance, TimeSpan timeout, bool __result, bool __state, DeptSite __site)
            => AfterTimed(__instance, __result, __state, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary><c>WaitAsync(int)</c>, <c>WaitAsync(int, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(int))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(int), typeof(CancellationToken))]
    public static class WaitAsyncMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, int millisecondsTimeout, DeptSite __site, out bool __state)
            => __state = BeforeAsync(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(SemaphoreSlim __instance, int millisecondsTimeout, Task<bool> __result, bool __state, DeptSite __site)
            => AfterAsync(__instance, __result, __state, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>WaitAsync(TimeSpan)</c>, <c>WaitAsync(TimeSpan, CancellationToken)</c>.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(TimeSpan))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.WaitAsync), typeof(TimeSpan), typeof(CancellationToken))]
    public static class WaitAsyncTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, TimeSpan timeout, DeptSite __site, out bool __state)
            => __state = BeforeAsync(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(SemaphoreSlim __instance, TimeSpan timeout, Task<bool> __result, bool __state, DeptSite __site)
            => AfterAsync(__instance, __result, __state, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary><c>Release()</c> and <c>Release(int)</c>: closes the flow's event context, or is the semaphore's event.</summary>
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Release))]
    [DeptPatch(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Release), typeof(int))]
    public static class Release
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(SemaphoreSlim __instance, DeptSite __site) => Signal(__instance, __site);
    }

    /// <summary>Whether <paramref name="semaphore"/> is binary and its class is not (yet) known to be a signal.</summary>
    internal static bool IsLock(SemaphoreSlim? semaphore, DeptSite? site)
        => semaphore is not null && MaxCount(semaphore) == 1 && DeptRuntime.Current is { } engine
            && !CreatedEmpty(semaphore) && !engine.IsSignalClass(SiteKeys.For(site));

    private static bool BeforeTimed(SemaphoreSlim semaphore, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (IsLock(semaphore, site))
            {
                if (blocks && !timed)
                {
                    // An infinite timeout can hang: record the acquire before it, as Wait() does.
                    DeptLdt.AcquireFlow(SiteKeys.For(site), semaphore, site, flags: Binary);
                    return false;
                }

                return true;
            }

            Block(semaphore, site, blocks, timed);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }

        return false;
    }

    private static void AfterTimed(SemaphoreSlim semaphore, bool acquired, bool enter, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (enter && acquired)
            {
                DeptLdt.AcquireFlow(SiteKeys.For(site), semaphore, site, flags: Binary | (!blocks ? DeptLockFlags.Try : timed ? DeptLockFlags.Timeout : DeptLockFlags.None));
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static bool BeforeAsync(SemaphoreSlim semaphore, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (IsLock(semaphore, site))
            {
                return true;
            }

            Block(semaphore, site, blocks, timed);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }

        return false;
    }

    private static void AfterAsync(SemaphoreSlim semaphore, Task? acquire, bool enter, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            // Recorded in the caller's own ExecutionContext (this shim is no async method), so the held lock flows to
            // the continuation after its await.
            if (enter && acquire is not null)
            {
                var flags = Binary | (!blocks ? DeptLockFlags.Try : timed ? DeptLockFlags.Timeout : DeptLockFlags.None);
                DeptLdt.AcquireFlow(SiteKeys.For(site), semaphore, site, flags: flags, acquired: acquire);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Abandon(SemaphoreSlim semaphore, Exception? exception, bool entered)
    {
        try
        {
            if (entered && exception is not null)
            {
                DeptRuntime.Current?.AbandonFlow(semaphore);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Block(SemaphoreSlim semaphore, DeptSite? site, bool blocks, bool timed)
    {
        // A free slot means the call returns at once: not a wait (DEPT commits a wait only on a real sleep).
        if (blocks && semaphore is not null && semaphore.CurrentCount == 0)
        {
            Waits.Block(semaphore, Kind, site, timed);
        }
    }

    private static void Signal(SemaphoreSlim semaphore, DeptSite? site)
    {
        try
        {
            if (semaphore is null)
            {
                return;
            }

            if (MaxCount(semaphore) == 1 && !CreatedEmpty(semaphore))
            {
                var outcome = DeptLdt.ReleaseFlow(semaphore, site);
                if (outcome == DeptFlowRelease.Released)
                {
                    return;
                }

                if (outcome == DeptFlowRelease.NotHeld)
                {
                    // Released with nobody holding it: it was created with no free slot, as a signal.
                    DeptRuntime.Current?.DemoteToSignal(SiteKeys.For(site));
                }
            }

            Waits.Event(semaphore, site);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static bool CreatedEmpty(SemaphoreSlim semaphore) => s_anyCreatedEmpty && s_createdEmpty.TryGetValue(semaphore, out _);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_maxCount")]
    private static extern ref readonly int MaxCountField(SemaphoreSlim semaphore);

    private static int MaxCount(SemaphoreSlim semaphore) => MaxCountField(semaphore);
}
