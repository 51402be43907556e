using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>Resolves a patch's target type, given as a <see cref="TypeReference"/> or by metadata full name.</summary>
internal static class TargetResolver
{
    public static TypeDefinition? ResolveType(ModuleDefinition patchModule, string fullName, TypeReference? reference)
    {
        if (reference is not null)
        {
            return TryResolve(reference);
        }

        if (Find(patchModule, fullName) is { } local)
        {
            return local;
        }

        // By name: try each assembly the patch module references (type forwarders are followed by Resolve), then CoreLib.
        var scopes = patchModule.AssemblyReferences.Cast<IMetadataScope>().Append(patchModule.TypeSystem.CoreLibrary);
        foreach (var scope in scopes)
        {
            if (TryResolve(Build(patchModule, fullName, scope)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static TypeDefinition? Find(ModuleDefinition module, string fullName) =>
        module.GetTypes().FirstOrDefault(t => t.FullName == fullName);

    private static TypeReference Build(ModuleDefinition module, string fullName, IMetadataScope scope)
    {
        var parts = fullName.Split('/');
        var dot = parts[0].LastIndexOf('.');
        var type = new TypeReference(dot < 0 ? string.Empty : parts[0][..dot], parts[0][(dot + 1)..], module, scope);
        foreach (var nested in parts.Skip(1))
        {
            type = new TypeReference(string.Empty, nested, module, scope) { DeclaringType = type };
        }

        return type;
    }

    private static TypeDefinition? TryResolve(TypeReference reference)
    {
        try
        {
            return reference.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }
}
