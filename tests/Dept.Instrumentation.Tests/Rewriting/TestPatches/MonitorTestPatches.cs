using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;

namespace Dept.Instrumentation.Tests.Rewriting.TestPatches;

/// <summary>Records <c>lock(object)</c>'s <c>Monitor.Enter(object, ref bool)</c> with its site, before and after.</summary>
[DeptPatch("System.Threading.Monitor", "Enter", "System.Object", "System.Boolean&")]
public static class MonitorEnterTestPatch
{
    public static void Prefix(object obj, bool lockTaken, DeptSite __site, ref DeptThreadSlot __context)
    {
        PatchLog.Add($"Monitor.Enter prefix taken={lockTaken} held={Monitor.IsEntered(obj)} slot={SlotMarker.Fill(ref __context)}");
        PatchLog.Site(__site);
    }

    public static void Postfix(object obj, ref bool lockTaken) => PatchLog.Add($"Monitor.Enter postfix taken={lockTaken} held={Monitor.IsEntered(obj)}");
}

/// <summary>Records <c>Monitor.Exit(object)</c>.</summary>
[DeptPatch(typeof(Monitor), nameof(Monitor.Exit), typeof(object))]
public static class MonitorExitTestPatch
{
    public static void Postfix(object obj, DeptSite __site, ref DeptThreadSlot __context) => PatchLog.Add($"Monitor.Exit postfix held={Monitor.IsEntered(obj)} slot={SlotMarker.Fill(ref __context)}");
}

/// <summary><c>lock(Lock)</c>: EnterScope's result and Scope.Dispose's value-type receiver (<c>ref</c>).</summary>
[DeptPatch(typeof(Lock), nameof(Lock.EnterScope))]
public static class LockEnterScopeTestPatch
{
    public static void Postfix(Lock __instance, Lock.Scope __result) => PatchLog.Add($"Lock.EnterScope held={__instance.IsHeldByCurrentThread}");
}

[DeptPatch(typeof(Lock.Scope), nameof(Lock.Scope.Dispose))]
public static class LockScopeDisposeTestPatch
{
    public static void Prefix(ref Lock.Scope __instance, DeptSite __site)
    {
        PatchLog.Add("Lock.Scope.Dispose");
        PatchLog.Site(__site);
    }
}

/// <summary>An API the tests declare as uninstrumented.</summary>
[DeptUninstrumented(typeof(WaitHandle), nameof(WaitHandle.SignalAndWait), Reason = "signal and wait are one kernel call")]
public static class UninstrumentedTestApis
{
    [DeptModuleInitializer]
    public static void Initialize() => PatchLog.Add("module initializer");
}
