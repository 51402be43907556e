namespace Dept.Instrumentation.Patching;

/// <summary>
/// Marks a <see langword="public"/> <see langword="static"/> parameterless <see langword="void"/> method of a patch
/// assembly that every rewritten module calls from its module initializer, before any of its code runs. Dept's
/// runtime uses it to start the engine inside an instrumented test host without a startup hook.
/// </summary>
/// <remarks>The method must be idempotent and thread-safe: each rewritten module of the process calls it once.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DeptModuleInitializerAttribute : Attribute
{
}
