using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="Monitor"/> (and so for C#'s <c>lock (object)</c>, which compiles to
/// <c>Monitor.Enter(object, ref bool)</c> / <c>Monitor.Exit</c>). A monitor is a DEPT lock: an explicit event
/// context from enter to exit, re-entrant. See docs/reference/patches.md, "Monitor".
/// </summary>
/// <remarks>
/// The hot path (<see cref="Enter"/>, <see cref="EnterRef"/>, <see cref="Exit"/>) is the engine's inlined lock path: the
/// class cached on the call site's static <see cref="DeptSite"/>, the thread's state in the rewritten method's
/// <see cref="DeptThreadSlot"/> (one thread-static read per method invocation); it never allocates.
/// </remarks>
public static class MonitorPatches
{
    private const DeptLockFlags Reentrant = DeptLockFlags.Reentrant;

    static MonitorPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Monitor.Enter(object)</c>: the wait and the event context, before the real acquire so a real deadlock is reported before it hangs.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.Enter), typeof(object))]
    public static class Enter
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, DeptSite __site, ref DeptThreadSlot __context) => Acquire(obj, __site, ref __context);
    }

    /// <summary><c>Monitor.Enter(object, ref bool)</c>, the form <c>lock</c> uses.</summary>
    [DeptPatch("System.Threading.Monitor", "Enter", "System.Object", "System.Boolean&")]
    public static class EnterRef
    {
        /// <summary>Runs before the call. A <paramref name="lockTaken"/> already true makes the original throw, so nothing is recorded.</summary>
        public static void Prefix(object obj, ref bool lockTaken, DeptSite __site, ref DeptThreadSlot __context)
        {
            if (!lockTaken)
            {
                Acquire(obj, __site, ref __context);
            }
        }
    }

    /// <summary><c>Monitor.TryEnter(object)</c>: never blocks, so only the event context, on success.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.TryEnter), typeof(object))]
    public static class TryEnter
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(object obj, bool __result, DeptSite __site)
        {
            if (__result)
            {
                Acquired(obj, __site);
            }
        }
    }

    /// <summary><c>Monitor.TryEnter(object, ref bool)</c>.</summary>
    [DeptPatch("System.Threading.Monitor", "TryEnter", "System.Object", "System.Boolean&")]
    public static class TryEnterRef
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(object obj, ref bool lockTaken, DeptSite __site)
        {
            if (lockTaken)
            {
                Acquired(obj, __site);
            }
        }
    }

    /// <summary><c>Monitor.TryEnter(object, int)</c>: a wait (timed unless infinite), then the event context on success.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.TryEnter), typeof(object), typeof(int))]
    public static class TryEnterMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, int millisecondsTimeout, DeptSite __site)
        {
            if (Waits.CanBlock(millisecondsTimeout))
            {
                AcquireWait(obj, __site, Waits.IsTimed(millisecondsTimeout));
            }
        }

        /// <summary>Runs after the call.</summary>
        public static void Postfix(object obj, bool __result, DeptSite __site) => TryEnter.Postfix(obj, __result, __site);
    }

    /// <summary><c>Monitor.TryEnter(object, TimeSpan)</c>.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.TryEnter), typeof(object), typeof(TimeSpan))]
    public static class TryEnterTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, TimeSpan timeout, DeptSite __site)
        {
            if (Waits.CanBlock(timeout))
            {
                AcquireWait(obj, __site, Waits.IsTimed(timeout));
            }
        }

        /// <summary>Runs after the call.</summary>
        public static void Postfix(object obj, bool __result, DeptSite __site) => TryEnter.Postfix(obj, __result, __site);
    }

    /// <summary><c>Monitor.TryEnter(object, int, ref bool)</c>.</summary>
    [DeptPatch("System.Threading.Monitor", "TryEnter", "System.Object", "System.Int32", "System.Boolean&")]
    public static class TryEnterMillisecondsRef
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, int millisecondsTimeout, DeptSite __site) => TryEnterMilliseconds.Prefix(obj, millisecondsTimeout, __site);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(object obj, ref bool lockTaken, DeptSite __site) => TryEnterRef.Postfix(obj, ref lockTaken, __site);
    }

    /// <summary><c>Monitor.TryEnter(object, TimeSpan, ref bool)</c>.</summary>
    [DeptPatch("System.Threading.Monitor", "TryEnter", "System.Object", "System.TimeSpan", "System.Boolean&")]
    public static class TryEnterTimeSpanRef
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(object obj, TimeSpan timeout, DeptSite __site) => TryEnterTimeSpan.Prefix(obj, timeout, __site);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(object obj, ref bool lockTaken, DeptSite __site) => TryEnterRef.Postfix(obj, ref lockTaken, __site);
    }

    /// <summary><c>Monitor.Exit(object)</c>: closes the event context once the monitor is really released.</summary>
    [DeptPatch(typeof(Monitor), nameof(Monitor.Exit), typeof(object))]
    public static class Exit
    {
        /// <summary>Runs after the call (not reached when the caller did not own the monitor).</summary>
        public static void Postfix(object obj, DeptSite __site, ref DeptThreadSlot __context) => Release(obj, __site, ref __context);
    }

    /// <summary>
    /// The lock path's acquire (also <see cref="LockPatches"/>'): no exception handler here, so the JIT inlines it into
    /// the shim; the engine's fast path cannot throw and its slow path catches everything (see
    /// <c>DeptEngine.LockPath.cs</c>). The class is cached on the call site's static site object, the thread's state
    /// in the calling method's slot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Acquire(object? obj, DeptSite site, ref DeptThreadSlot context)
    {
        if (obj is not null && site is not null && DeptRuntime.Current is { } engine)
        {
            engine.AcquireAt(site, SiteKeys.LockKeyOf(site), obj, ref context);
        }
    }

    /// <summary>The lock path's release (see <see cref="Acquire(object?, DeptSite, ref DeptThreadSlot)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Release(object obj, DeptSite site, ref DeptThreadSlot context)
    {
        if (site is not null && DeptRuntime.Current is { } engine)
        {
            engine.ReleaseAt(obj, site, ref context);
        }
    }

    internal static void AcquireWait(object? obj, DeptSite? site, bool timed)
    {
        try
        {
            if (obj is not null)
            {
                DeptLdt.AcquireWait(SiteKeys.For(site), obj, site, DeptLockMode.Exclusive, timed ? Reentrant | DeptLockFlags.Timeout : Reentrant);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    internal static void Acquired(object obj, DeptSite? site)
    {
        try
        {
            DeptLdt.Acquired(SiteKeys.For(site), obj, site, DeptLockMode.Exclusive, Reentrant | DeptLockFlags.Try);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
