using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;

namespace Dept.Patches.AsyncEx;

/// <summary>
/// The release side: <c>IDisposable.Dispose()</c> call sites (a <c>using</c> over an awaited key compiles to one).
/// Only the keys Nito.AsyncEx's locks hand out are releases; any other disposable costs a type check. The key is
/// matched to the flow's acquire through the acquire's task result (or, for a sync <c>Lock()</c>, the lock itself).
/// </summary>
public static class KeyPatches
{
    static KeyPatches() => DeptPatchSupport.EnsureStarted();

    /// <summary><c>IDisposable.Dispose()</c>.</summary>
    [DeptPatch(typeof(IDisposable), nameof(IDisposable.Dispose))]
    public static class Dispose
    {
        /// <summary>Runs before the call: the flow's event context ends before the next waiter can get the lock.</summary>
        public static void Prefix(IDisposable __instance, DeptSite __site, out SuppressionScope __state)
        {
            if (Plumbing.IsKey(__instance))
            {
                Plumbing.Release(__instance, __site);
                __state = Plumbing.Enter();
            }
            else
            {
                __state = default;
            }
        }

        /// <summary>Runs after the call, or when it throws.</summary>
        public static void Finalizer(SuppressionScope __state) => __state.Dispose();
    }
}
