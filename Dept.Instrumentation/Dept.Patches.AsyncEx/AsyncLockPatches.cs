using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Nito.AsyncEx;

namespace Dept.Patches.AsyncEx;

/// <summary>
/// Patches for Nito.AsyncEx's <see cref="AsyncLock"/> (5.1.2): an async lock, held by the logical flow that calls
/// <c>LockAsync</c>/<c>Lock</c> until it disposes the key. The acquire is recorded at the call site, in the caller's
/// own <see cref="ExecutionContext"/> (so it flows to the code after the <c>await</c>), before it can block; the key's
/// <c>Dispose</c> ends it. The library's own plumbing (its internal lock and completion sources) runs with tracking
/// suppressed, so it never adds dependencies of its own. Class: the field the lock is loaded from.
/// </summary>
public static class AsyncLockPatches
{
    static AsyncLockPatches() => DeptPatchSupport.EnsureStarted();

    /// <summary><c>LockAsync()</c>, <c>LockAsync(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(AsyncLock), nameof(AsyncLock.LockAsync))]
    [DeptPatch(typeof(AsyncLock), nameof(AsyncLock.LockAsync), typeof(CancellationToken))]
    public static class LockAsync
    {
        /// <summary>Runs before the call: the library's plumbing is not tracked.</summary>
        public static void Prefix(out SuppressionScope __state) => __state = Plumbing.Enter();

        /// <summary>Runs after the call (or when it throws): the flow holds the lock while the returned task is pending or succeeded.</summary>
        public static void Finalizer(AsyncLock __instance, AwaitableDisposable<IDisposable> __result, Exception? __exception, SuppressionScope __state, DeptSite __site)
        {
            __state.Dispose();
            if (__exception is null)
            {
                Plumbing.AcquireAsync(__instance, __result.AsTask(), DeptLockMode.Exclusive, __site);
            }
        }
    }

    /// <summary><c>Lock()</c>, <c>Lock(CancellationToken)</c>: a blocking acquire, recorded before it blocks.</summary>
    [DeptPatch(typeof(AsyncLock), nameof(AsyncLock.Lock))]
    [DeptPatch(typeof(AsyncLock), nameof(AsyncLock.Lock), typeof(CancellationToken))]
    public static class Lock
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(AsyncLock __instance, DeptSite __site, out SuppressionScope __state)
        {
            Plumbing.Acquire(__instance, DeptLockMode.Exclusive, __site);
            __state = Plumbing.Enter();
        }

        /// <summary>Runs after the call, or when it throws (cancelled): the recorded acquire is forgotten then.</summary>
        public static void Finalizer(AsyncLock __instance, IDisposable __result, Exception? __exception, SuppressionScope __state)
        {
            __state.Dispose();
            Plumbing.Acquired(__instance, __result, __exception);
        }
    }
}
