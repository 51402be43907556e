using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Rewrites the generic parameters of a call-site signature (<c>!0</c> of the declaring type, <c>!!0</c> of the
/// method) onto a shim's own method generic parameters (<c>!!0</c>..<c>!!(n+m-1)</c>), so one generic shim serves
/// every instantiation and each call site instantiates it with its own type arguments.
/// </summary>
internal static class GenericMapper
{
    public static TypeReference Map(TypeReference type, IList<GenericParameter> shim, int typeArity)
    {
        if (!type.ContainsGenericParameter)
        {
            return type;
        }

        return type switch
        {
            GenericParameter gp => shim[gp.Type == GenericParameterType.Type ? gp.Position : typeArity + gp.Position],
            ByReferenceType br => new ByReferenceType(Map(br.ElementType, shim, typeArity)),
            PointerType pt => new PointerType(Map(pt.ElementType, shim, typeArity)),
            ArrayType at => new ArrayType(Map(at.ElementType, shim, typeArity), at.Rank),
            RequiredModifierType rm => new RequiredModifierType(rm.ModifierType, Map(rm.ElementType, shim, typeArity)),
            OptionalModifierType om => new OptionalModifierType(om.ModifierType, Map(om.ElementType, shim, typeArity)),
            GenericInstanceType git => Instance(git.ElementType, git.GenericArguments.Select(a => Map(a, shim, typeArity))),
            _ => type,
        };
    }

    public static GenericInstanceType Instance(TypeReference element, IEnumerable<TypeReference> arguments)
    {
        var git = new GenericInstanceType(element);
        foreach (var argument in arguments)
        {
            git.GenericArguments.Add(argument);
        }

        return git;
    }

    /// <summary>Instantiates <paramref name="method"/> with <paramref name="arguments"/>, or returns it when there are none.</summary>
    public static MethodReference Instantiate(MethodReference method, IReadOnlyList<TypeReference> arguments)
    {
        if (arguments.Count == 0)
        {
            return method;
        }

        var gim = new GenericInstanceMethod(method);
        foreach (var argument in arguments)
        {
            gim.GenericArguments.Add(argument);
        }

        return gim;
    }

    /// <summary>The call site's type arguments: the declaring type's, then the method's.</summary>
    public static List<TypeReference> SiteArguments(MethodReference site)
    {
        var arguments = new List<TypeReference>();
        if (site.DeclaringType is GenericInstanceType git)
        {
            arguments.AddRange(git.GenericArguments);
        }

        if (site is GenericInstanceMethod gim)
        {
            arguments.AddRange(gim.GenericArguments);
        }

        return arguments;
    }
}
