namespace Dept.Instrumentation.Rewriting;

/// <summary>How one patch method parameter is loaded in the shim.</summary>
/// <param name="Kind">What the parameter receives.</param>
/// <param name="ArgumentIndex">For <see cref="BindingKind.Argument"/>: the original's parameter index (no receiver).</param>
/// <param name="ByRef">Whether the patch parameter is <c>ref</c>/<c>out</c> (an address is passed).</param>
/// <param name="ToObject">Whether the patch takes <see cref="object"/> and a value-type or generic source must be boxed.</param>
internal sealed record ParameterBinding(BindingKind Kind, int ArgumentIndex, bool ByRef, bool ToObject);
