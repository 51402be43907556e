using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Nito.AsyncEx;

namespace Dept.Patches.AsyncEx;

/// <summary>
/// Patches for Nito.AsyncEx's <see cref="AsyncReaderWriterLock"/> (5.1.2), with DEPT's read/write classes: a writer
/// waits for readers and writers and holds the write class; a reader queues behind a waiting writer (the lock
/// prefers writers), so it waits for both and holds the read class (<see cref="DeptLockMode.QueuedRead"/>). So two
/// readers taking two such locks in opposite orders are a potential deadlock, as soon as a writer waits on each.
/// </summary>
public static class AsyncReaderWriterLockPatches
{
    static AsyncReaderWriterLockPatches() => DeptPatchSupport.EnsureStarted();

    /// <summary><c>ReaderLockAsync()</c>, <c>ReaderLockAsync(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(AsyncReaderWriterLock), nameof(AsyncReaderWriterLock.ReaderLockAsync))]
    [DeptPatch(typeof(AsyncReaderWriterLock), nameof(AsyncReaderWriterLock.ReaderLockAsync), typeof(CancellationToken))]
    public static class ReaderLockAsync
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(out SuppressionScope __state) => __state = Plumbing.Enter();

        /// <summary>Runs after the call, or when it throws.</summary>
        public static void Finalizer(AsyncReaderWriterLock __instance, AwaitableDisposable<IDisposable> __result, Exception? __exception, SuppressionScope __state, DeptSite __site)
        {
            __state.Dispose();
            if (__exception is null)
            {
                Plumbing.AcquireAsync(__instance, __result.AsTask(), DeptLockMode.QueuedRead, __site);
            }
        }
    }

    /// <summary><c>WriterLockAsync()</c>, <c>WriterLockAsync(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(AsyncReaderWriterLock), nameof(AsyncReaderWriterLock.WriterLockAsync))]
    [DeptPatch(typeof(AsyncReaderWriterLock), nameof(AsyncReaderWriterLock.WriterLockAsync), typeof(CancellationToken))]
    public static class WriterLockAsync
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(out SuppressionScope __state) => __state = Plumbing.Enter();

        /// <summary>Runs after the call, or when it throws.</summary>
        public static void Finalizer(AsyncReaderWriterLock __instance, AwaitableDisposable<IDisposable> __result, Exception? __exception, SuppressionScope __state, DeptSite __site)
        {
            __state.Dispose();
            if (__exception is null)
            {
                Plumbing.AcquireAsync(__instance, __result.AsTask(), DeptLockMode.Write, __site);
            }
        }
    }

    /// <summary><c>ReaderLock()</c>, <c>ReaderLock(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(AsyncReaderWriterLock), nameof(AsyncReaderWriterLock.ReaderLock))]
    [DeptPatch(typeof(AsyncReaderWriterLock), nameof(AsyncReaderWriterLock.ReaderLock), typeof(CancellationToken))]
    public static class ReaderLock
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(AsyncReaderWriterLock __instance, DeptSite __site, out SuppressionScope __state)
        {
            Plumbing.Acquire(__instance, DeptLockMode.QueuedRead, __site);
            __state = Plumbing.Enter();
        }

        /// <summary>Runs after the call, or when it throws.</summary>
        public static void Finalizer(AsyncReaderWriterLock __instance, IDisposable __result, Exception? __exception, SuppressionScope __state)
        {
            __state.Dispose();
            Plumbing.Acquired(__instance, __result, __exception);
        }
    }

    /// <summary><c>WriterLock()</c>, <c>WriterLock(CancellationToken)</c>.</summary>
    [DeptPatch(typeof(AsyncReaderWriterLock), nameof(AsyncReaderWriterLock.WriterLock))]
    [DeptPatch(typeof(AsyncReaderWriterLock), nameof(AsyncReaderWriterLock.WriterLock), typeof(CancellationToken))]
    public static class WriterLock
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(AsyncReaderWriterLock __instance, DeptSite __site, out SuppressionScope __state)
        {
            Plumbing.Acquire(__instance, DeptLockMode.Write, __site);
            __state = Plumbing.Enter();
        }

        /// <summary>Runs after the call, or when it throws.</summary>
        public static void Finalizer(AsyncReaderWriterLock __instance, IDisposable __result, Exception? __exception, SuppressionScope __state)
        {
            __state.Dispose();
            Plumbing.Acquired(__instance, __result, __exception);
        }
    }
}
