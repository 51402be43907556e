using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>A validated Prefix, Postfix or Finalizer with the binding of each of its parameters.</summary>
/// <param name="Method">The static patch method (in its own module; imported per rewritten module).</param>
/// <param name="Kind">Where it runs.</param>
/// <param name="Bindings">One binding per parameter, in order.</param>
internal sealed record PatchMethod(MethodDefinition Method, PatchMethodKind Kind, IReadOnlyList<ParameterBinding> Bindings);
