using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>A generated shim: generic over the target's type and method arguments when the target is generic.</summary>
/// <param name="Method">The static shim method in the rewritten module.</param>
/// <param name="Target">The patch it applies.</param>
internal sealed record Shim(MethodDefinition Method, PatchTarget Target)
{
    /// <summary>The shim as called from <paramref name="site"/>: instantiated with the site's type arguments.</summary>
    public MethodReference For(MethodReference site) => GenericMapper.Instantiate(Method, GenericMapper.SiteArguments(site));
}
