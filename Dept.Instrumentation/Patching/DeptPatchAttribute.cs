namespace Dept.Instrumentation.Patching;

/// <summary>
/// Declares a static class as a patch for one target method, in Harmony's vocabulary
/// (<c>[HarmonyPatch(typeof(T), "Method", new[] { typeof(int) })]</c>). The class holds static
/// <c>Prefix</c>, <c>Postfix</c> and/or <c>Finalizer</c> methods. Dept applies them by rewriting every call site
/// of the target in instrumented assemblies (Mono.Cecil), not by detouring the target at run time.
/// </summary>
/// <remarks>
/// Patch methods may take, by parameter name: <c>__instance</c> (the receiver; <c>ref</c> for value types),
/// any of the original's arguments by their names (<c>ref</c> to see the caller's variable),
/// <c>__result</c> (Postfix/Finalizer; <c>ref</c> to replace it), <c>__state</c> (Prefix declares it <c>out</c>,
/// Postfix/Finalizer take it by value or <c>ref</c>), <c>__exception</c> (Finalizer; the exception thrown by the
/// original or <c>null</c>) and <c>__site</c> (a <see cref="Dept.Core.Annotations.DeptSite"/> naming the rewritten
/// call site: method, IL offset and file:line from the PDB). Several attributes on one class patch several targets
/// with the same methods.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DeptPatchAttribute : Attribute
{
    /// <summary>Targets a method of a type the patch assembly can reference.</summary>
    /// <param name="declaringType">The type declaring the target (open generic for generic types, e.g. <c>typeof(TaskCompletionSource&lt;&gt;)</c>).</param>
    /// <param name="methodName">The method name; <c>.ctor</c> for constructors, <c>get_Result</c> for property getters.</param>
    /// <param name="argumentTypes">The parameter types that pick the overload; <see langword="null"/> matches every overload.</param>
    public DeptPatchAttribute(Type declaringType, string methodName, params Type[]? argumentTypes)
    {
        DeclaringType = declaringType;
        DeclaringTypeName = declaringType.FullName ?? declaringType.Name;
        MethodName = methodName;
        ArgumentTypes = argumentTypes;
    }

    /// <summary>
    /// Targets a method by metadata names, for types the patch assembly cannot reference or overloads that
    /// <see cref="Type"/> cannot express (generic parameters <c>!0</c>/<c>!!0</c>, by-ref <c>System.Boolean&amp;</c>).
    /// Names use Cecil's <c>FullName</c> form: nested types with <c>/</c>, generics with a backtick arity.
    /// </summary>
    public DeptPatchAttribute(string declaringTypeName, string methodName, params string[]? argumentTypeNames)
    {
        DeclaringTypeName = declaringTypeName;
        MethodName = methodName;
        ArgumentTypeNames = argumentTypeNames;
    }

    /// <summary>Gets the declaring type when given as a <see cref="Type"/>.</summary>
    public Type? DeclaringType { get; }

    /// <summary>Gets the declaring type's metadata full name.</summary>
    public string DeclaringTypeName { get; }

    /// <summary>Gets the target method's name.</summary>
    public string MethodName { get; }

    /// <summary>Gets the parameter types selecting the overload, when given as types.</summary>
    public Type[]? ArgumentTypes { get; }

    /// <summary>Gets the parameter type names selecting the overload, when given as names.</summary>
    public string[]? ArgumentTypeNames { get; }

    /// <summary>
    /// Gets or sets the operation name that <c>__site</c> reports as its function (e.g. <c>Monitor.Enter</c>).
    /// </summary>
    /// <value>Empty by default: the target's type and method name, e.g. <c>TaskCompletionSource.SetResult</c>.</value>
    public string Function { get; set; } = string.Empty;
}
