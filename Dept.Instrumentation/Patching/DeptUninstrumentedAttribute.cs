namespace Dept.Instrumentation.Patching;

/// <summary>
/// Declares an API that Dept cannot follow (for example <c>WaitHandle.SignalAndWait</c>, whose signal and wait
/// are one atomic kernel call). The rewriter leaves such call sites alone but records each of them (API, method,
/// IL offset, file:line) in the rewritten module's manifest, so the run summary can list them as uninstrumented.
/// </summary>
/// <remarks>
/// Put it on any class of a patch assembly (one that Dept scans for <see cref="DeptPatchAttribute"/>).
/// Every overload of the named method is covered. A method that also has a <see cref="DeptPatchAttribute"/> patch is
/// instrumented, not listed.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DeptUninstrumentedAttribute : Attribute
{
    /// <summary>Names an API of a type the declaring assembly can reference.</summary>
    /// <param name="declaringType">The type declaring the API (open generic for generic types).</param>
    /// <param name="methodName">The method name (all overloads).</param>
    public DeptUninstrumentedAttribute(Type declaringType, string methodName)
    {
        DeclaringTypeName = declaringType.FullName ?? declaringType.Name;
        MethodName = methodName;
    }

    /// <summary>Names an API by metadata names (Cecil <c>FullName</c> form, nested types with <c>/</c>).</summary>
    /// <param name="declaringTypeName">The declaring type's full name.</param>
    /// <param name="methodName">The method name (all overloads).</param>
    public DeptUninstrumentedAttribute(string declaringTypeName, string methodName)
    {
        DeclaringTypeName = declaringTypeName;
        MethodName = methodName;
    }

    /// <summary>Gets the declaring type's metadata full name.</summary>
    public string DeclaringTypeName { get; }

    /// <summary>Gets the method name.</summary>
    public string MethodName { get; }

    /// <summary>Gets or sets why Dept cannot follow the API; printed in the summary.</summary>
    /// <value>Empty by default.</value>
    public string Reason { get; set; } = string.Empty;
}
