using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Generates, into the rewritten module, one static shim per patched target and invocation kind:
/// <c>static R Shim&lt;T..&gt;(Recv [ref] instance, A1 a1, ..., [Site site])</c> running Prefix, the original
/// (inside try/catch when there is a Finalizer), Postfix and Finalizer, in Harmony's order.
/// </summary>
internal sealed class ShimFactory
{
    private readonly ModuleDefinition _module;
    private readonly TypeDefinition _type;
    private readonly Dictionary<string, Shim> _shims = new(StringComparer.Ordinal);
    private int _wrappers;

    public ShimFactory(ModuleDefinition module, TypeDefinition shimType)
    {
        _module = module;
        _type = shimType;
    }

    /// <summary>Gets the generated methods, for <c>--show-il</c>.</summary>
    public IEnumerable<MethodDefinition> Methods => _type.Methods;

    public Shim GetOrCreate(PatchTarget target, MethodReference site, ShimKind kind)
    {
        var key = target.Key + "|" + kind;
        if (!_shims.TryGetValue(key, out var shim))
        {
            shim = Create(target, site, kind);
            _shims.Add(key, shim);
        }

        return shim;
    }

    /// <summary>A per-site static wrapper without the site parameter, for <c>ldftn</c> method groups: the delegate's
    /// signature must match, so the wrapper loads the site field itself and calls the shim.</summary>
    public MethodReference MethodGroupWrapper(Shim shim, MethodReference site, FieldReference siteField)
    {
        var source = shim.Method;
        var wrapper = new MethodDefinition($"{source.Name}_ftn{_wrappers++}", source.Attributes, _module.TypeSystem.Void);
        foreach (var gp in source.GenericParameters)
        {
            wrapper.GenericParameters.Add(new GenericParameter(gp.Name, wrapper));
        }

        var map = wrapper.GenericParameters.Cast<TypeReference>().ToList();
        wrapper.ReturnType = Remap(source.ReturnType, source, map);
        var il = wrapper.Body.GetILProcessor();
        var context = shim.Target.ContextType is null ? null : new VariableDefinition(_module.ImportReference(shim.Target.ContextType));
        var trailing = context is null ? 1 : 2; // __site, then __context
        for (var i = 0; i < source.Parameters.Count - trailing; i++)
        {
            wrapper.Parameters.Add(new ParameterDefinition(source.Parameters[i].Name, ParameterAttributes.None, Remap(source.Parameters[i].ParameterType, source, map)));
            il.Emit(OpCodes.Ldarg, wrapper.Parameters[i]);
        }

        il.Emit(OpCodes.Ldsfld, siteField);
        if (context is not null)
        {
            // A delegate call is its own invocation: the wrapper's own slot.
            wrapper.Body.Variables.Add(context);
            wrapper.Body.InitLocals = true;
            il.Emit(OpCodes.Ldloca, context);
        }

        il.Emit(OpCodes.Call, GenericMapper.Instantiate(source, map));
        il.Emit(OpCodes.Ret);
        wrapper.ImplAttributes |= MethodImplAttributes.AggressiveInlining;
        _type.Methods.Add(wrapper);
        return GenericMapper.Instantiate(wrapper, GenericMapper.SiteArguments(site));
    }

    // Shim signatures only hold method generic parameters (!!i), which map position for position.
    private static TypeReference Remap(TypeReference type, MethodDefinition from, List<TypeReference> to) =>
        from.HasGenericParameters ? GenericMapper.Map(type, to.Cast<GenericParameter>().ToList(), 0) : type;

    private Shim Create(PatchTarget target, MethodReference site, ShimKind kind)
    {
        var element = site is GenericInstanceMethod gim ? gim.ElementMethod : site;
        var typeArgs = site.DeclaringType is GenericInstanceType git ? git.GenericArguments.Count : 0;
        var methodArgs = element.GenericParameters.Count;
        var name = target.Function.Replace('.', '_') + "_" + _shims.Count;
        var shim = new MethodDefinition(name, MethodAttributes.Assembly | MethodAttributes.Static | MethodAttributes.HideBySig, _module.TypeSystem.Void);
        for (var i = 0; i < typeArgs + methodArgs; i++)
        {
            shim.GenericParameters.Add(new GenericParameter("T" + i, shim));
        }

        var gps = shim.GenericParameters;
        var declaring = typeArgs > 0
            ? GenericMapper.Instance(((GenericInstanceType)site.DeclaringType).ElementType, gps.Take(typeArgs))
            : site.DeclaringType;
        // A TypeRef does not say whether it is a struct; the shim's `ref T` signature must (valuetype vs class).
        if (target.Target.DeclaringType.IsValueType && (declaring is GenericInstanceType g ? g.ElementType : declaring) is { IsDefinition: false } reference)
        {
            reference.IsValueType = true;
        }

        var inner = Inner(site, element, declaring, gps, typeArgs);
        if (site.HasThis && kind != ShimKind.NewObj)
        {
            var receiver = target.Target.DeclaringType.IsValueType ? new ByReferenceType(declaring) : declaring;
            shim.Parameters.Add(new ParameterDefinition("__instance", ParameterAttributes.None, receiver));
        }

        foreach (var (p, i) in element.Parameters.Select((p, i) => (p, i)))
        {
            var parameterName = target.Target.Parameters.Count > i ? target.Target.Parameters[i].Name : "a" + i;
            shim.Parameters.Add(new ParameterDefinition(parameterName, ParameterAttributes.None, GenericMapper.Map(p.ParameterType, gps, typeArgs)));
        }

        var hasSite = target.SiteType is not null;
        if (hasSite)
        {
            shim.Parameters.Add(new ParameterDefinition("__site", ParameterAttributes.None, _module.ImportReference(target.SiteType)));
        }

        if (target.ContextType is not null)
        {
            shim.Parameters.Add(new ParameterDefinition("__context", ParameterAttributes.None, new ByReferenceType(_module.ImportReference(target.ContextType))));
        }

        shim.ReturnType = kind == ShimKind.NewObj ? declaring : GenericMapper.Map(element.ReturnType, gps, typeArgs);
        new ShimBody(_module, shim, target, kind).Emit(inner);
        if (target.Finalizer is null)
        {
            shim.ImplAttributes |= MethodImplAttributes.AggressiveInlining;
        }

        shim.Body.OptimizeMacros();
        _type.Methods.Add(shim);
        return new Shim(shim, target);
    }

    private static MethodReference Inner(MethodReference site, MethodReference element, TypeReference declaring, IList<GenericParameter> gps, int typeArgs)
    {
        if (gps.Count == 0)
        {
            return site;
        }

        var inner = new MethodReference(element.Name, element.ReturnType, declaring)
        {
            HasThis = element.HasThis,
            ExplicitThis = element.ExplicitThis,
            CallingConvention = element.CallingConvention,
        };
        foreach (var p in element.Parameters)
        {
            inner.Parameters.Add(new ParameterDefinition(p.ParameterType));
        }

        foreach (var gp in element.GenericParameters)
        {
            inner.GenericParameters.Add(new GenericParameter(gp.Name, inner));
        }

        return GenericMapper.Instantiate(inner, gps.Skip(typeArgs).Cast<TypeReference>().ToList());
    }
}
