using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;

namespace Dept.Benchmarks.Rewriting;

/// <summary>
/// Patches that take the same parameters as Dept's Monitor patches but do nothing: rewriting with them measures the
/// shim layer alone (site field load, shim, patch call) apart from the engine's work.
/// </summary>
[DeptPatch("System.Threading.Monitor", "Enter", "System.Object", "System.Boolean&")]
public static class NoOpMonitorEnterPatch
{
    /// <summary>Does nothing.</summary>
    public static void Prefix(object obj, ref bool lockTaken, DeptSite __site) => GC.KeepAlive(__site);
}

/// <summary>See <see cref="NoOpMonitorEnterPatch"/>.</summary>
[DeptPatch(typeof(Monitor), nameof(Monitor.Exit), typeof(object))]
public static class NoOpMonitorExitPatch
{
    /// <summary>Does nothing.</summary>
    public static void Prefix(object obj, DeptSite __site) => GC.KeepAlive(__site);
}
