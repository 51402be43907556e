using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Validates one patch method against its target and binds each parameter by name (Harmony's injection rules).
/// Every failure is a <see cref="DeptRewriteException"/> naming the patch class, method and parameter.
/// </summary>
internal static class PatchBinder
{
    private const string Names = "__instance, __result, __state, __exception, __site, __context";

    /// <summary>The type a <c>__context</c> parameter must have (by reference).</summary>
    public const string ContextTypeName = "Dept.Core.Annotations.DeptThreadSlot";

    public static PatchMethod Bind(MethodDefinition patch, PatchMethodKind kind, MethodDefinition target, string targetKey)
    {
        var where = $"Patch {patch.DeclaringType.FullName}.{patch.Name} (for {targetKey})";
        if (!patch.IsStatic)
        {
            throw new DeptRewriteException($"{where}: patch methods must be static.");
        }

        if (patch.ReturnType.MetadataType != MetadataType.Void)
        {
            throw new DeptRewriteException($"{where}: must return void (skipping or replacing the original is not supported).");
        }

        var arity = target.DeclaringType.GenericParameters.Count + target.GenericParameters.Count;
        if (patch.HasGenericParameters && patch.GenericParameters.Count != arity)
        {
            throw new DeptRewriteException(
                $"{where}: has {patch.GenericParameters.Count} generic parameters; a generic patch of this target needs {arity} " +
                "(the declaring type's, then the method's).");
        }

        var bindings = new List<ParameterBinding>();
        foreach (var p in patch.Parameters)
        {
            // A generic patch sees the target's !i as its !!i and the target's !!j as its !!(typeArity + j).
            bindings.Add(BindParameter(p, kind, target, where, patch.HasGenericParameters ? target.DeclaringType.GenericParameters.Count : -1));
        }

        return new PatchMethod(patch, kind, bindings);
    }

    private static ParameterBinding BindParameter(ParameterDefinition p, PatchMethodKind kind, MethodDefinition target, string where, int arity)
    {
        var byRef = p.ParameterType is ByReferenceType;
        var type = byRef ? ((ByReferenceType)p.ParameterType).ElementType : p.ParameterType;
        var at = $"{where}: parameter '{p.Name}'";
        switch (p.Name)
        {
            case "__instance":
                if (!target.HasThis || target.IsConstructor)
                {
                    throw new DeptRewriteException($"{at}: the target is {(target.IsConstructor ? "a constructor (use __result for the new object)" : "static")} and has no instance.");
                }

                if (byRef && !target.DeclaringType.IsValueType)
                {
                    throw new DeptRewriteException($"{at}: 'ref' is only for value-type receivers; {target.DeclaringType.FullName} is a reference type.");
                }

                var receiver = target.DeclaringType.HasGenericParameters ? (TypeReference)Generic(target.DeclaringType) : target.DeclaringType;
                return new ParameterBinding(BindingKind.Instance, -1, byRef, Check(at, type, receiver, byRef, arity));
            case "__result":
                if (kind == PatchMethodKind.Prefix)
                {
                    throw new DeptRewriteException($"{at}: __result is only available to Postfix and Finalizer.");
                }

                if (!target.IsConstructor && target.ReturnType.MetadataType == MetadataType.Void)
                {
                    throw new DeptRewriteException($"{at}: the target returns void.");
                }

                // A generic type's constructor returns the instantiation (BlockingCollection`1<!0>), as __instance receives it.
                var result = !target.IsConstructor ? target.ReturnType
                    : target.DeclaringType.HasGenericParameters ? Generic(target.DeclaringType) : target.DeclaringType;
                return new ParameterBinding(BindingKind.Result, -1, byRef, Check(at, type, result, byRef, arity));
            case "__state":
                if (kind == PatchMethodKind.Prefix && !(byRef && p.IsOut))
                {
                    throw new DeptRewriteException($"{at}: Prefix must declare __state as 'out'.");
                }

                return new ParameterBinding(BindingKind.State, -1, byRef, false);
            case "__exception":
                if (kind != PatchMethodKind.Finalizer)
                {
                    throw new DeptRewriteException($"{at}: __exception is only available to Finalizer.");
                }

                if (byRef || (type.FullName != "System.Exception" && type.FullName != "System.Object"))
                {
                    throw new DeptRewriteException($"{at}: __exception must be a System.Exception taken by value.");
                }

                return new ParameterBinding(BindingKind.Exception, -1, false, false);
            case "__site":
                if (byRef)
                {
                    throw new DeptRewriteException($"{at}: __site is taken by value.");
                }

                return new ParameterBinding(BindingKind.Site, -1, false, false);
            case "__context":
                if (!byRef || p.IsOut || type.FullName != ContextTypeName)
                {
                    throw new DeptRewriteException($"{at}: __context must be declared 'ref {ContextTypeName}'.");
                }

                return new ParameterBinding(BindingKind.Context, -1, true, false);
            default:
                var index = target.Parameters.ToList().FindIndex(tp => tp.Name == p.Name);
                if (index < 0)
                {
                    var names = target.Parameters.Count == 0 ? "none" : string.Join(", ", target.Parameters.Select(tp => tp.Name));
                    throw new DeptRewriteException(
                        $"{at} matches no parameter of the original (its parameters: {names}) and is not one of {Names}.");
                }

                var original = target.Parameters[index].ParameterType;
                var originalElement = original is ByReferenceType obr ? obr.ElementType : original;
                return new ParameterBinding(BindingKind.Argument, index, byRef, Check(at, type, originalElement, byRef, arity));
        }
    }

    /// <summary>Checks that the patch parameter can receive the source; returns whether it must be boxed to object.</summary>
    private static bool Check(string at, TypeReference patchType, TypeReference source, bool byRef, int arity)
    {
        var want = TypeNames.Render(source, arity);
        var have = TypeNames.Render(patchType);
        if (want == have)
        {
            return false;
        }

        if (!byRef && patchType.FullName == "System.Object")
        {
            return source is GenericParameter || source.IsValueType || Resolves(source)?.IsValueType == true;
        }

        if (!byRef && arity < 0 && source is not GenericParameter && IsAssignable(source, have))
        {
            return false;
        }

        throw new DeptRewriteException(
            $"{at} has type {have}{(byRef ? "&" : "")} but receives {want}; use that type{(byRef ? "" : ", a base type or object")} " +
            (arity < 0 && want.Contains('!', StringComparison.Ordinal) ? "(or make the patch method generic)." : "."));
    }

    private static bool IsAssignable(TypeReference source, string baseName)
    {
        for (var t = Resolves(source); t is not null; t = t.BaseType is null ? null : Resolves(t.BaseType))
        {
            if (t.FullName == baseName || t.Interfaces.Any(i => TypeNames.Render(i.InterfaceType) == baseName))
            {
                return true;
            }
        }

        return false;
    }

    private static TypeDefinition? Resolves(TypeReference t)
    {
        try
        {
            return t.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }

    private static GenericInstanceType Generic(TypeDefinition type)
    {
        var git = new GenericInstanceType(type);
        foreach (var gp in type.GenericParameters)
        {
            git.GenericArguments.Add(gp);
        }

        return git;
    }
}
