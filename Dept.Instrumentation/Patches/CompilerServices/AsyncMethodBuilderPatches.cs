using System.Runtime.CompilerServices;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.CompilerServices;

/// <summary>
/// Patches for the async method builders' <c>SetResult</c>, which a rewritten async method calls when it completes
/// (#9): if its flow still holds async locks (it acquired one it returns to its caller, as an async <c>LockAsync</c>
/// helper does), its task carries them to the caller's flow (<see cref="FlowHandoffs"/>). A flow holding nothing pays
/// one thread-static read.
/// </summary>
public static class AsyncMethodBuilderPatches
{
    static AsyncMethodBuilderPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>AsyncTaskMethodBuilder.SetResult()</c>.</summary>
    [DeptPatch(typeof(AsyncTaskMethodBuilder), nameof(AsyncTaskMethodBuilder.SetResult))]
    public static class SetResult
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref AsyncTaskMethodBuilder __instance)
        {
            try
            {
                if (Core.Tracking.DeptRuntime.Current is { FlowHoldsLocks: true })
                {
                    FlowHandoffs.Completing(__instance.Task);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>AsyncTaskMethodBuilder&lt;TResult&gt;.SetResult(TResult)</c>.</summary>
    [DeptPatch(typeof(AsyncTaskMethodBuilder<>), "SetResult", null)]
    public static class SetResultOf
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<TResult>(ref AsyncTaskMethodBuilder<TResult> __instance)
        {
            try
            {
                if (Core.Tracking.DeptRuntime.Current is { FlowHoldsLocks: true })
                {
                    FlowHandoffs.Completing(__instance.Task);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }
}
