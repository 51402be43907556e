namespace Dept.Instrumentation.Patching;

/// <summary>
/// Marks the <see langword="public"/> <see langword="static"/> <see langword="void"/> method, taking one
/// <see cref="Dept.Core.Annotations.DeptSite"/>, that the rewriter calls just before every call site of an API declared
/// with <see cref="DeptUninstrumentedAttribute"/>: the call is left as it was, but how often it ran is counted, so the
/// run summary never shows a count of 0 for something that ran (#10). Dept's runtime declares
/// <c>UninstrumentedCalls.Count</c>; a patch set without one gets its uninstrumented sites listed, not counted.
/// </summary>
/// <remarks>The method runs on the caller's thread before the uninstrumented call; it must be thread-safe, cheap and never throw.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DeptUninstrumentedCounterAttribute : Attribute
{
}
