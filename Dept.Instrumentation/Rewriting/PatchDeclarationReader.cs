using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Reads the <c>[DeptPatch]</c> classes of one patch module into <see cref="PatchTarget"/>s: resolves each target
/// (a method that does not exist is an error naming the patch class) and binds its Prefix/Postfix/Finalizer.
/// </summary>
internal static class PatchDeclarationReader
{
    public const string PatchAttribute = "Dept.Instrumentation.Patching.DeptPatchAttribute";
    public const string UninstrumentedAttribute = "Dept.Instrumentation.Patching.DeptUninstrumentedAttribute";
    public const string InitializerAttribute = "Dept.Instrumentation.Patching.DeptModuleInitializerAttribute";
    public const string CounterAttribute = "Dept.Instrumentation.Patching.DeptUninstrumentedCounterAttribute";
    public const string TypeInitAttribute = "Dept.Instrumentation.Patching.DeptTypeInitializerHooksAttribute";

    /// <summary>The public static <c>Create(string function, string receiver, string member, string file, int line, int ilOffset)</c> of a site type, or null.</summary>
    public static MethodDefinition? SiteFactory(TypeReference siteType) =>
        siteType.Resolve()?.Methods.FirstOrDefault(m => m.IsStatic && m.IsPublic && m.Name == "Create"
            && m.Parameters.Select(p => p.ParameterType.FullName).SequenceEqual(
                ["System.String", "System.String", "System.String", "System.String", "System.Int32", "System.Int32"]));

    public const string ResumptionHookAttribute = "Dept.Instrumentation.Patching.DeptResumptionHookAttribute";

    public static IEnumerable<PatchTarget> ReadPatches(TypeDefinition patchClass)
    {
        foreach (var attribute in patchClass.CustomAttributes.Where(a => a.AttributeType.FullName == PatchAttribute))
        {
            var (typeName, typeRef, methodName, argNames) = Decode(attribute);
            var where = $"Patch {patchClass.FullName}";
            var type = TargetResolver.ResolveType(patchClass.Module, typeName, typeRef)
                ?? throw new DeptRewriteException($"{where}: target type '{typeName}' was not found in the patch assembly's references.");
            var candidates = type.Methods.Where(m => m.Name == methodName).ToList();
            var matches = argNames is null
                ? candidates
                : candidates.Where(m => m.Parameters.Select(p => TypeNames.Render(p.ParameterType)).SequenceEqual(argNames)).ToList();
            if (matches.Count == 0)
            {
                var known = candidates.Count == 0
                    ? $"{type.FullName} has no method named '{methodName}'"
                    : "its overloads are " + string.Join("; ", candidates.Select(TypeNames.Key));
                throw new DeptRewriteException(
                    $"{where}: target {TypeNames.Key(type.FullName, methodName, argNames ?? [])} does not exist ({known}).");
            }

            var function = attribute.Properties.FirstOrDefault(p => p.Name == "Function").Argument.Value as string;
            foreach (var target in matches)
            {
                yield return Build(patchClass, target, string.IsNullOrEmpty(function) ? TypeNames.Function(type, target.Name) : function);
            }
        }
    }

    public static IEnumerable<(string ApiKey, string Reason)> ReadUninstrumented(TypeDefinition type)
    {
        foreach (var attribute in type.CustomAttributes.Where(a => a.AttributeType.FullName == UninstrumentedAttribute))
        {
            var first = attribute.ConstructorArguments[0].Value;
            var typeName = first is TypeReference tr ? tr.FullName : (string)first;
            var reason = attribute.Properties.FirstOrDefault(p => p.Name == "Reason").Argument.Value as string ?? string.Empty;
            yield return ($"{typeName}::{(string)attribute.ConstructorArguments[1].Value}", reason);
        }
    }

    private static (string TypeName, TypeReference? TypeRef, string Method, string[]? Args) Decode(CustomAttribute attribute)
    {
        var args = attribute.ConstructorArguments;
        var method = (string)args[1].Value;
        var list = args[2].Value as CustomAttributeArgument[];
        if (args[0].Value is TypeReference typeRef)
        {
            return (typeRef.FullName, typeRef, method, list?.Select(a => TypeNames.Render((TypeReference)a.Value)).ToArray());
        }

        return ((string)args[0].Value, null, method, list?.Select(a => (string)a.Value).ToArray());
    }

    private static PatchTarget Build(TypeDefinition patchClass, MethodDefinition target, string function)
    {
        var key = TypeNames.Key(target);
        PatchMethod? Find(PatchMethodKind kind)
        {
            var methods = patchClass.Methods.Where(m => m.Name == kind.ToString()).ToList();
            if (methods.Count > 1)
            {
                throw new DeptRewriteException($"Patch {patchClass.FullName}: declares {methods.Count} methods named {kind}; keep one.");
            }

            return methods.Count == 0 ? null : PatchBinder.Bind(methods[0], kind, target, key);
        }

        var prefix = Find(PatchMethodKind.Prefix);
        var postfix = Find(PatchMethodKind.Postfix);
        var finalizer = Find(PatchMethodKind.Finalizer);
        if (prefix is null && postfix is null && finalizer is null)
        {
            throw new DeptRewriteException($"Patch {patchClass.FullName}: declares none of Prefix, Postfix, Finalizer.");
        }

        var methods = new[] { prefix, postfix, finalizer }.OfType<PatchMethod>().ToList();
        var (siteType, factory) = SiteOf(patchClass, methods);
        return new PatchTarget
        {
            Target = target,
            Key = key,
            PatchClass = patchClass.FullName,
            Function = function,
            Prefix = prefix,
            Postfix = postfix,
            Finalizer = finalizer,
            StateType = StateOf(patchClass, methods),
            SiteType = siteType,
            SiteFactory = factory,
            ContextType = ContextOf(patchClass, methods, siteType),
        };
    }

    private static TypeReference? StateOf(TypeDefinition patchClass, List<PatchMethod> methods)
    {
        var types = methods
            .SelectMany(m => m.Method.Parameters.Where(p => p.Name == "__state"))
            .Select(p => p.ParameterType is ByReferenceType br ? br.ElementType : p.ParameterType)
            .ToList();
        if (types.Select(t => TypeNames.Render(t)).Distinct().Count() > 1)
        {
            throw new DeptRewriteException(
                $"Patch {patchClass.FullName}: __state has different types ({string.Join(", ", types.Select(t => t.FullName).Distinct())}); use one.");
        }

        if (types.FirstOrDefault() is { ContainsGenericParameter: true } generic)
        {
            throw new DeptRewriteException($"Patch {patchClass.FullName}: __state of type {generic.FullName} cannot use generic parameters.");
        }

        return types.FirstOrDefault();
    }

    private static TypeReference? ContextOf(TypeDefinition patchClass, List<PatchMethod> methods, TypeReference? siteType)
    {
        var context = methods.SelectMany(m => m.Method.Parameters.Where(p => p.Name == "__context")).FirstOrDefault();
        if (context is null)
        {
            return null;
        }

        // The slot travels after the site in the shim's signature and a method group's wrapper drops both.
        return siteType is null
            ? throw new DeptRewriteException($"Patch {patchClass.FullName}: __context needs __site in the same patch class.")
            : ((ByReferenceType)context.ParameterType).ElementType;
    }

    private static (TypeReference? Type, MethodDefinition? Factory) SiteOf(TypeDefinition patchClass, List<PatchMethod> methods)
    {
        var site = methods.SelectMany(m => m.Method.Parameters.Where(p => p.Name == "__site")).FirstOrDefault();
        if (site is null)
        {
            return (null, null);
        }

        var type = site.ParameterType;
        var factory = SiteFactory(type);
        if (factory is null)
        {
            throw new DeptRewriteException(
                $"Patch {patchClass.FullName}: parameter '__site' has type {type.FullName}, which has no public static " +
                "Create(string function, string receiver, string member, string file, int line, int ilOffset); use Dept.Core.Annotations.DeptSite.");
        }

        return (type, factory);
    }
}
