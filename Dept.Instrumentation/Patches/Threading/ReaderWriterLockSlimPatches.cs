using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="ReaderWriterLockSlim"/> with DEPT's read/write rules (two classes per lock: R, released
/// by read unlocks, and W, released by write unlocks). The lock prefers writers, so a reader can block behind a
/// queued writer: a reader waits R|W and holds R (<see cref="DeptLockMode.QueuedRead"/>); a writer waits R|W and
/// holds W. An upgradeable reader excludes writers and other upgradeable readers but not readers: it waits W and
/// holds W. Upgrading (write while holding upgradeable) is re-entrant: not a new wait.
/// </summary>
public static class ReaderWriterLockSlimPatches
{
    static ReaderWriterLockSlimPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>EnterReadLock()</c>.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.EnterReadLock))]
    public static class EnterReadLock
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, DeptSite __site) => Acquire(__instance, __site, Kind.Read, timed: false, wait: true, enter: true);

        /// <summary>Runs when the call throws (recursion or disposal): the recorded context is closed again.</summary>
        public static void Finalizer(ReaderWriterLockSlim __instance, Exception? __exception, DeptSite __site) => Undo(__instance, __exception, __site);
    }

    /// <summary><c>EnterWriteLock()</c>.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.EnterWriteLock))]
    public static class EnterWriteLock
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, DeptSite __site) => Acquire(__instance, __site, Kind.Write, timed: false, wait: true, enter: true);

        /// <summary>Runs when the call throws.</summary>
        public static void Finalizer(ReaderWriterLockSlim __instance, Exception? __exception, DeptSite __site) => Undo(__instance, __exception, __site);
    }

    /// <summary><c>EnterUpgradeableReadLock()</c>.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.EnterUpgradeableReadLock))]
    public static class EnterUpgradeableReadLock
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, DeptSite __site) => Acquire(__instance, __site, Kind.Upgradeable, timed: false, wait: true, enter: true);

        /// <summary>Runs when the call throws.</summary>
        public static void Finalizer(ReaderWriterLockSlim __instance, Exception? __exception, DeptSite __site) => Undo(__instance, __exception, __site);
    }

    /// <summary><c>TryEnterReadLock(int)</c>: a wait (timed unless infinite), the event context on success.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.TryEnterReadLock), typeof(int))]
    public static class TryEnterReadLockMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, int millisecondsTimeout, DeptSite __site)
            => Acquire(__instance, __site, Kind.Read, Waits.IsTimed(millisecondsTimeout), Waits.CanBlock(millisecondsTimeout), enter: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(ReaderWriterLockSlim __instance, bool __result, DeptSite __site) => Entered(__instance, __result, __site, Kind.Read);
    }

    /// <summary><c>TryEnterReadLock(TimeSpan)</c>.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.TryEnterReadLock), typeof(TimeSpan))]
    public static class TryEnterReadLockTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, TimeSpan timeout, DeptSite __site)
            => Acquire(__instance, __site, Kind.Read, Waits.IsTimed(timeout), Waits.CanBlock(timeout), enter: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(ReaderWriterLockSlim __instance, bool __result, DeptSite __site) => Entered(__instance, __result, __site, Kind.Read);
    }

    /// <summary><c>TryEnterWriteLock(int)</c>.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.TryEnterWriteLock), typeof(int))]
    public static class TryEnterWriteLockMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, int millisecondsTimeout, DeptSite __site)
            => Acquire(__instance, __site, Kind.Write, Waits.IsTimed(millisecondsTimeout), Waits.CanBlock(millisecondsTimeout), enter: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(ReaderWriterLockSlim __instance, bool __result, DeptSite __site) => Entered(__instance, __result, __site, Kind.Write);
    }

    /// <summary><c>TryEnterWriteLock(TimeSpan)</c>.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.TryEnterWriteLock), typeof(TimeSpan))]
    public static class TryEnterWriteLockTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, TimeSpan timeout, DeptSite __site)
            => Acquire(__instance, __site, Kind.Write, Waits.IsTimed(timeout), Waits.CanBlock(timeout), enter: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(ReaderWriterLockSlim __instance, bool __result, DeptSite __site) => Entered(__instance, __result, __site, Kind.Write);
    }

    /// <summary><c>TryEnterUpgradeableReadLock(int)</c>.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.TryEnterUpgradeableReadLock), typeof(int))]
    public static class TryEnterUpgradeableReadLockMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, int millisecondsTimeout, DeptSite __site)
            => Acquire(__instance, __site, Kind.Upgradeable, Waits.IsTimed(millisecondsTimeout), Waits.CanBlock(millisecondsTimeout), enter: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(ReaderWriterLockSlim __instance, bool __result, DeptSite __site) => Entered(__instance, __result, __site, Kind.Upgradeable);
    }

    /// <summary><c>TryEnterUpgradeableReadLock(TimeSpan)</c>.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.TryEnterUpgradeableReadLock), typeof(TimeSpan))]
    public static class TryEnterUpgradeableReadLockTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ReaderWriterLockSlim __instance, TimeSpan timeout, DeptSite __site)
            => Acquire(__instance, __site, Kind.Upgradeable, Waits.IsTimed(timeout), Waits.CanBlock(timeout), enter: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix(ReaderWriterLockSlim __instance, bool __result, DeptSite __site) => Entered(__instance, __result, __site, Kind.Upgradeable);
    }

    /// <summary><c>ExitReadLock()</c>, <c>ExitWriteLock()</c>, <c>ExitUpgradeableReadLock()</c>: close the newest context of this lock.</summary>
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.ExitReadLock))]
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.ExitWriteLock))]
    [DeptPatch(typeof(ReaderWriterLockSlim), nameof(ReaderWriterLockSlim.ExitUpgradeableReadLock))]
    public static class Exit
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(ReaderWriterLockSlim __instance, DeptSite __site) => Release(__instance, __site);
    }

    internal enum Kind
    {
        Read,
        Write,
        Upgradeable,
    }

    private static void Acquire(ReaderWriterLockSlim rw, DeptSite? site, Kind kind, bool timed, bool wait, bool enter)
    {
        try
        {
            if (rw is null)
            {
                return;
            }

            var key = SiteKeys.For(site);
            var flags = Flags(rw, kind, timed);
            if (wait)
            {
                // Upgradeable readers wait only for W (writers and other upgradeable holders): DeptLockMode.Read's wait.
                DeptLdt.AcquireWait(key, rw, site, kind == Kind.Upgradeable ? DeptLockMode.Read : HeldMode(kind), flags);
            }

            if (enter)
            {
                DeptLdt.Acquired(key, rw, site, HeldMode(kind), flags);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Entered(ReaderWriterLockSlim rw, bool entered, DeptSite? site, Kind kind)
    {
        if (entered)
        {
            Acquire(rw, site, kind, timed: false, wait: false, enter: true);
        }
    }

    private static void Undo(ReaderWriterLockSlim rw, Exception? exception, DeptSite? site)
    {
        if (exception is not null)
        {
            Release(rw, site);
        }
    }

    private static void Release(ReaderWriterLockSlim rw, DeptSite? site)
    {
        try
        {
            if (rw is not null)
            {
                DeptLdt.Release(rw, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static DeptLockMode HeldMode(Kind kind) => kind == Kind.Read ? DeptLockMode.QueuedRead : DeptLockMode.Write;

    private static DeptLockFlags Flags(ReaderWriterLockSlim rw, Kind kind, bool timed)
    {
        var flags = timed ? DeptLockFlags.Timeout : DeptLockFlags.None;

        // Re-entering is legal only with recursion on, or as an upgrade; it never waits for itself then.
        if (rw.RecursionPolicy == LockRecursionPolicy.SupportsRecursion || (kind == Kind.Write && rw.IsUpgradeableReadLockHeld))
        {
            flags |= DeptLockFlags.Reentrant;
        }

        return flags;
    }
}
