using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// <see cref="SpinLock"/> as a DEPT lock (#10): non-reentrant (re-entering is a self-deadlock, reported as one before
/// it spins forever or throws), classed by the field it lives in. <c>Enter</c> records the wait and
/// the event context before it spins (closed again if the enter throws); <c>TryEnter</c> with a timeout records a timed
/// wait, then the context on success; <c>Exit</c> closes the context.
/// A <see cref="SpinLock"/> is a struct the GC moves, so it has no identity Dept can keep: the lock's class key stands
/// for the instance, and each thread remembers the spin locks it holds (a small per-thread stack, allocated once) so
/// <c>Exit</c> closes the right one.
/// </summary>
/// <remarks>The hot path does one cached class lookup and one engine call per operation; nothing is allocated per call.</remarks>
public static class SpinLockPatches
{
    [ThreadStatic]
    private static DeptKey?[]? t_held;

    [ThreadStatic]
    private static int t_count;

    static SpinLockPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Enter(ref bool)</c>: the wait and the event context before spinning (one engine call, as <c>Monitor.Enter</c>).</summary>
    [DeptPatch("System.Threading.SpinLock", "Enter", "System.Boolean&")]
    public static class Enter
    {
        /// <summary>Runs before the call. A <paramref name="lockTaken"/> already true makes the original throw.</summary>
        public static void Prefix(ref SpinLock __instance, ref bool lockTaken, DeptSite __site, out bool __state)
        {
            __state = false;
            if (lockTaken)
            {
                return;
            }

            try
            {
                var key = SiteKeys.For(__site);
                DeptLdt.Acquire(key, key, __site, DeptLockMode.Exclusive, DeptLockFlags.None);
                Push(key);
                __state = true;
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }

        /// <summary>Runs after the call: an enter that threw without taking the lock (re-entry with owner tracking) closes the context again.</summary>
        public static void Finalizer(ref SpinLock __instance, ref bool lockTaken, bool __state, Exception? __exception, DeptSite __site)
        {
            if (__state && __exception is not null && !lockTaken)
            {
                Exit.Postfix(ref __instance, __site);
            }
        }
    }

    /// <summary><c>TryEnter(ref bool)</c>: never waits; the event context on success.</summary>
    [DeptPatch("System.Threading.SpinLock", "TryEnter", "System.Boolean&")]
    public static class TryEnter
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(ref SpinLock __instance, ref bool lockTaken, DeptSite __site) => Taken(lockTaken, __site);
    }

    /// <summary><c>TryEnter(int, ref bool)</c>: a wait (timed unless infinite), the event context on success.</summary>
    [DeptPatch("System.Threading.SpinLock", "TryEnter", "System.Int32", "System.Boolean&")]
    public static class TryEnterMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref SpinLock __instance, int millisecondsTimeout, ref bool lockTaken, DeptSite __site)
        {
            if (!lockTaken && Waits.CanBlock(millisecondsTimeout))
            {
                Wait(__site, Waits.IsTimed(millisecondsTimeout));
            }
        }

        /// <summary>Runs after the call.</summary>
        public static void Postfix(ref SpinLock __instance, ref bool lockTaken, DeptSite __site) => Taken(lockTaken, __site);
    }

    /// <summary><c>TryEnter(TimeSpan, ref bool)</c>.</summary>
    [DeptPatch("System.Threading.SpinLock", "TryEnter", "System.TimeSpan", "System.Boolean&")]
    public static class TryEnterTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref SpinLock __instance, TimeSpan timeout, ref bool lockTaken, DeptSite __site)
        {
            if (!lockTaken && Waits.CanBlock(timeout))
            {
                Wait(__site, Waits.IsTimed(timeout));
            }
        }

        /// <summary>Runs after the call.</summary>
        public static void Postfix(ref SpinLock __instance, ref bool lockTaken, DeptSite __site) => Taken(lockTaken, __site);
    }

    /// <summary><c>Exit()</c> and <c>Exit(bool)</c>: closes the context after the release (not reached when the caller did not hold it).</summary>
    [DeptPatch("System.Threading.SpinLock", "Exit")]
    [DeptPatch("System.Threading.SpinLock", "Exit", "System.Boolean")]
    public static class Exit
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix(ref SpinLock __instance, DeptSite __site)
        {
            try
            {
                if (Pop(SiteKeys.For(__site)) is { } key)
                {
                    DeptLdt.Release(key, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    private static void Wait(DeptSite site, bool timed)
    {
        try
        {
            var key = SiteKeys.For(site);
            DeptLdt.AcquireWait(key, key, site, DeptLockMode.Exclusive, timed ? DeptLockFlags.Timeout : DeptLockFlags.None);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Taken(bool lockTaken, DeptSite site)
    {
        try
        {
            if (!lockTaken)
            {
                return;
            }

            var key = SiteKeys.For(site);
            DeptLdt.Acquired(key, key, site, DeptLockMode.Exclusive, DeptLockFlags.None);
            Push(key);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Push(DeptKey key)
    {
        var held = t_held ??= new DeptKey?[8];
        if (t_count < held.Length)
        {
            held[t_count++] = key;
        }
    }

    /// <summary>The held spin lock an <c>Exit</c> at a site of class <paramref name="exitKey"/> releases: the newest of that class when the site names a field, else the newest.</summary>
    private static DeptKey? Pop(DeptKey exitKey)
    {
        var held = t_held;
        if (held is null || t_count == 0)
        {
            return exitKey; // an overflowed or foreign enter: try the exit site's own class
        }

        var index = t_count - 1;
        if (!exitKey.IsCallSite)
        {
            while (index >= 0 && !ReferenceEquals(held[index], exitKey))
            {
                index--;
            }

            if (index < 0)
            {
                return exitKey;
            }
        }

        var key = held[index];
        Array.Copy(held, index + 1, held, index, t_count - index - 1);
        held[--t_count] = null;
        return key;
    }
}
