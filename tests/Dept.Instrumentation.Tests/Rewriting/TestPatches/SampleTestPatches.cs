using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Rewriting.Samples;

namespace Dept.Instrumentation.Tests.Rewriting.TestPatches;

/// <summary>All of Harmony's injections on one target: instance, argument, state, result, exception, site.</summary>
[DeptPatch(typeof(Gate), nameof(Gate.Pass), typeof(int))]
public static class GatePassTestPatch
{
    public static void Prefix(Gate __instance, int count, out long __state, DeptSite __site)
    {
        __state = 1000 + count;
        PatchLog.Add($"Gate.Pass prefix count={count} passes={__instance.Passes}");
        PatchLog.Site(__site);
    }

    public static void Postfix(int __result, long __state) => PatchLog.Add($"Gate.Pass postfix result={__result} state={__state}");

    public static void Finalizer(Exception? __exception, ref long __state) =>
        PatchLog.Add($"Gate.Pass finalizer exception={__exception?.GetType().Name ?? "none"} state={__state}");
}

/// <summary>A generic target (<c>!0</c>): the shim is generic and instantiated per call site.</summary>
[DeptPatch("Dept.Rewriting.Samples.Box`1", "Set", "!0")]
public static class BoxSetTestPatch
{
    public static void Prefix<T>(Box<T> __instance, T value) => PatchLog.Add($"Box.Set<{typeof(T).Name}> value={value}");
}

/// <summary>A value-type receiver: the patch sees the caller's struct by reference.</summary>
[DeptPatch(typeof(Token), nameof(Token.Use))]
public static class TokenUseTestPatch
{
    public static void Postfix(ref Token __instance) => PatchLog.Add($"Token.Use uses={__instance.Uses}");
}

/// <summary>A method group (<c>ldftn</c>) target.</summary>
[DeptPatch(typeof(Gate), nameof(Gate.Ping))]
public static class GatePingTestPatch
{
    public static void Prefix(object __instance, DeptSite __site)
    {
        PatchLog.Add($"Gate.Ping on {__instance.GetType().Name} thread={Environment.CurrentManagedThreadId}");
        PatchLog.Site(__site);
    }
}

/// <summary>A virtual target: dispatch must still reach the override.</summary>
[DeptPatch(typeof(Worker), nameof(Worker.Run))]
public static class WorkerRunTestPatch
{
    public static void Postfix(Worker __instance, string __result) => PatchLog.Add($"Worker.Run {__instance.GetType().Name} -> {__result}");
}

/// <summary>A constructor, patched at <c>newobj</c>.</summary>
[DeptPatch(typeof(Gate), ".ctor")]
public static class GateCtorTestPatch
{
    public static void Postfix(Gate __result) => PatchLog.Add($"new Gate passes={__result.Passes}");
}

/// <summary>A generic method (<c>!!0</c>), its result boxed to object.</summary>
[DeptPatch("Dept.Rewriting.Samples.Gate", "Echo", "!!0")]
public static class GateEchoTestPatch
{
    public static void Postfix(object __result) => PatchLog.Add($"Gate.Echo -> {__result}");
}
