using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Lazy initialization under a lock as a DEPT lock (#10). <see cref="Lazy{T}"/> with
/// <see cref="LazyThreadSafetyMode.ExecutionAndPublication"/> (the default) runs its factory under an internal lock,
/// and a second caller of <c>.Value</c> blocks on it until the factory returns; <c>LazyInitializer.EnsureInitialized</c>
/// with a <c>syncLock</c> does the same with a monitor. So a <c>.Value</c> (or <c>EnsureInitialized</c>) that has
/// not initialized yet is a lock acquire for the factory's duration: a wait, then the event context the factory's own
/// waits depend on, closed when the call returns or throws. The class is the <c>Lazy</c> field (the target field for
/// <c>EnsureInitialized</c>), else the call site. An initialized value, <c>PublicationOnly</c> and <c>None</c> modes
/// record nothing.
/// </summary>
/// <remarks>Hot path (an initialized value): one <c>IsValueCreated</c> read and a shim with a <c>try</c> region; no allocation.</remarks>
public static class LazyPatches
{
    static LazyPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Lazy&lt;T&gt;.Value</c>.</summary>
    [DeptPatch(typeof(Lazy<>), "get_Value")]
    public static class Value
    {
        /// <summary>Runs before the call: the acquire when the value is not created and the mode locks.</summary>
        public static void Prefix<T>(Lazy<T> __instance, DeptSite __site, out bool __state)
        {
            __state = false;
            try
            {
                if (__instance is not null && !__instance.IsValueCreated && Locks(__instance))
                {
                    DeptLdt.Acquire(SiteKeys.For(__site), __instance, __site, DeptLockMode.Exclusive, DeptLockFlags.Reentrant);
                    __state = true;
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }

        /// <summary>Runs after the call, also when the factory threw: closes the event context.</summary>
        public static void Finalizer<T>(Lazy<T> __instance, bool __state, DeptSite __site)
        {
            if (__state)
            {
                Release(__instance, __site);
            }
        }
    }

    /// <summary><c>EnsureInitialized&lt;T&gt;(ref T, ref object, Func&lt;T&gt;)</c>: initialized when the target is not null.</summary>
    [DeptPatch("System.Threading.LazyInitializer", "EnsureInitialized", "!!0&", "System.Object&", "System.Func`1<!!0>")]
    public static class EnsureInitializedReference
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(ref T target, ref object syncLock, DeptSite __site, out object? __state)
            => __state = target is null ? Acquire(ref syncLock, __site) : null;

        /// <summary>Runs after the call, also when the factory threw.</summary>
        public static void Finalizer(object? __state, DeptSite __site) => Release(__state, __site);
    }

    /// <summary><c>EnsureInitialized&lt;T&gt;(ref T, ref bool, ref object[, Func&lt;T&gt;])</c>: initialized when the flag is set.</summary>
    [DeptPatch("System.Threading.LazyInitializer", "EnsureInitialized", "!!0&", "System.Boolean&", "System.Object&")]
    [DeptPatch("System.Threading.LazyInitializer", "EnsureInitialized", "!!0&", "System.Boolean&", "System.Object&", "System.Func`1<!!0>")]
    public static class EnsureInitializedFlag
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref bool initialized, ref object syncLock, DeptSite __site, out object? __state)
            => __state = Volatile.Read(ref initialized) ? null : Acquire(ref syncLock, __site);

        /// <summary>Runs after the call, also when the factory threw.</summary>
        public static void Finalizer(object? __state, DeptSite __site) => Release(__state, __site);
    }

    private static object? Acquire(ref object syncLock, DeptSite site)
    {
        try
        {
            // The lock EnsureInitialized would create itself (LazyInitializer.EnsureLockInitialized): same CAS, same object.
            var gate = Volatile.Read(ref syncLock) ?? Interlocked.CompareExchange(ref syncLock, new object(), null) ?? syncLock;
            DeptLdt.Acquire(SiteKeys.For(site), gate, site, DeptLockMode.Exclusive, DeptLockFlags.Reentrant);
            return gate;
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return null;
        }
    }

    private static void Release(object? gate, DeptSite site)
    {
        try
        {
            if (gate is not null)
            {
                DeptLdt.Release(gate, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    /// <summary>Whether the lazy runs its factory under its lock (<see cref="LazyThreadSafetyMode.ExecutionAndPublication"/>).</summary>
    private static bool Locks<T>(Lazy<T> lazy)
    {
        try
        {
            // Lazy<T>.Mode is internal (the debugger view reads it); null once the value exists.
            return LazyMode<T>.Get(lazy) is null or LazyThreadSafetyMode.ExecutionAndPublication;
        }
        catch (MissingMethodException)
        {
            return true; // a runtime without the member: assume the default mode
        }
    }

    private static class LazyMode<T>
    {
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Mode")]
        public static extern LazyThreadSafetyMode? Get(Lazy<T> lazy);
    }
}
