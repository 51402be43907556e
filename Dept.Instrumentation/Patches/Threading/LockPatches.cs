using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

// The Lock is passed as an object only as an identity key for the engine; nothing here ever locks on it (CS9216).
#pragma warning disable CS9216

/// <summary>
/// Patches for <see cref="Lock"/> (and so for C#'s <c>lock (Lock)</c>, which compiles to <see cref="Lock.EnterScope"/>
/// and <see cref="Lock.Scope.Dispose"/> on a <c>ref Lock.Scope</c>). Same model as <see cref="MonitorPatches"/>:
/// a re-entrant DEPT lock, event context from enter to exit.
/// </summary>
public static class LockPatches
{
    static LockPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Lock.Enter()</c> and <c>Lock.EnterScope()</c>: the wait and the event context before the real acquire.</summary>
    [DeptPatch(typeof(Lock), nameof(Lock.Enter))]
    [DeptPatch(typeof(Lock), nameof(Lock.EnterScope))]
    public static class Enter
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Lock __instance, DeptSite __site, ref DeptThreadSlot __context) => MonitorPatches.Acquire(__instance, __site, ref __context);
    }

    /// <summary><c>Lock.TryEnter()</c>: never blocks; the event context on success.</summary>
    [DeptPatch(typeof(Lock), nameof(Lock.TryEnter))]
    public static class TryEnter
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(Lock __instance, bool __result, DeptSite __site)
        {
            if (__result)
            {
                MonitorPatches.Acquired(__instance, __site);
            }
        }
    }

    /// <summary><c>Lock.TryEnter(int)</c>: a wait (timed unless infinite), then the event context on success.</summary>
    [DeptPatch(typeof(Lock), nameof(Lock.TryEnter), typeof(int))]
    public static class TryEnterMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Lock __instance, int millisecondsTimeout, DeptSite __site)
        {
            if (Waits.CanBlock(millisecondsTimeout))
            {
                MonitorPatches.AcquireWait(__instance, __site, Waits.IsTimed(millisecondsTimeout));
            }
        }

        /// <summary>Runs after the call.</summary>
        public static void Postfix(Lock __instance, bool __result, DeptSite __site) => TryEnter.Postfix(__instance, __result, __site);
    }

    /// <summary><c>Lock.TryEnter(TimeSpan)</c>.</summary>
    [DeptPatch(typeof(Lock), nameof(Lock.TryEnter), typeof(TimeSpan))]
    public static class TryEnterTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Lock __instance, TimeSpan timeout, DeptSite __site)
        {
            if (Waits.CanBlock(timeout))
            {
                MonitorPatches.AcquireWait(__instance, __site, Waits.IsTimed(timeout));
            }
        }

        /// <summary>Runs after the call.</summary>
        public static void Postfix(Lock __instance, bool __result, DeptSite __site) => TryEnter.Postfix(__instance, __result, __site);
    }

    /// <summary><c>Lock.Exit()</c>: closes the event context once the lock is really released.</summary>
    [DeptPatch(typeof(Lock), nameof(Lock.Exit))]
    public static class Exit
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(Lock __instance, DeptSite __site, ref DeptThreadSlot __context) => MonitorPatches.Release(__instance, __site, ref __context);
    }

    /// <summary>
    /// <c>Lock.Scope.Dispose()</c> on a <c>ref Lock.Scope</c> receiver: the lock comes from the scope's private
    /// <c>_lockObj</c> through <see cref="UnsafeAccessorAttribute"/>, read before <c>Dispose</c> clears it.
    /// </summary>
    [DeptPatch("System.Threading.Lock/Scope", "Dispose")]
    public static class ScopeDispose
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref Lock.Scope __instance, DeptSite __site, ref DeptThreadSlot __context)
        {
            // A field read through an accessor the runtime binds at JIT time: it cannot fail at run time.
            if (LockOf(ref __instance) is { } owner)
            {
                MonitorPatches.Release(owner, __site, ref __context);
            }
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_lockObj")]
    private static extern ref Lock? LockOf(ref Lock.Scope scope);
}
