namespace Dept.Instrumentation.Patching;

/// <summary>
/// Marks the <see langword="public"/> <see langword="static"/> class whose <c>public static int Enter(int state)</c>
/// and <c>public static void Exit(int token)</c> the rewriter calls around the <c>MoveNext</c> of every async state
/// machine in a rewritten module: <c>token = Enter(this.&lt;&gt;1__state); try { body } finally { Exit(token); }</c>.
/// Dept's runtime uses it to run each resumption of an async method in its own context (#9).
/// </summary>
/// <remarks>At most one class of all patch assemblies may carry it; both methods must be cheap and never throw.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DeptResumptionHookAttribute : Attribute
{
}
