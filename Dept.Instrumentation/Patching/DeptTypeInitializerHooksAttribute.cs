namespace Dept.Instrumentation.Patching;

/// <summary>
/// Marks the public static class whose methods the rewriter calls around type initialization (#10):
/// <c>Enter(DeptSite)</c> and <c>Exit(DeptSite)</c> wrap every rewritten type's static constructor (<c>.cctor</c>) in a
/// <c>try/finally</c>, and <c>bool Access(DeptSite)</c> runs before the first access, from rewritten code of the same
/// module, to a type that has one (it returns <see langword="true"/> once the type is initialized, after which the
/// site skips the call). Each site's <c>Receiver</c> is the initialized type's full name. Dept's runtime declares
/// <c>TypeInitializerHooks</c>; without such a class no type initializer is touched.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DeptTypeInitializerHooksAttribute : Attribute
{
}
