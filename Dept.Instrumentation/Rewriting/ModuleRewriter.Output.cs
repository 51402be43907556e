using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>The generated types, the manifest resource, the idempotence marker and the module initializer calls.</summary>
internal sealed partial class ModuleRewriter
{
    /// <summary>The assembly-level idempotence marker, generated into the module so it adds no dependency.</summary>
    public const string MarkerName = "Dept.Generated.DeptRewrittenAttribute";

    /// <summary>The patch-set fingerprint in the marker, or null when the module was never rewritten.</summary>
    public static string? MarkerFingerprint(ModuleDefinition module) =>
        module.Assembly?.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == MarkerName)?.ConstructorArguments[0].Value as string;

    private ShimFactory Shims() => _shims ??= new ShimFactory(_module, NewType("Shims"));

    private SiteTable Sites() => _sites ??= new SiteTable(_module, NewType("Sites"));

    private TypeDefinition NewType(string role)
    {
        var name = GeneratedPrefix + role;
        for (var i = 1; _module.Types.Any(t => t.Name == name); i++)
        {
            name = GeneratedPrefix + role + i; // a later pass with more patch assemblies adds its own classes
        }

        var type = new TypeDefinition(
            string.Empty,
            name,
            TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit | TypeAttributes.Class,
            _module.TypeSystem.Object);
        _module.Types.Add(type);
        return type;
    }

    private void Finish()
    {
        WriteManifest();
        Stamp();
        foreach (var initializer in _catalog.Initializers)
        {
            CallFromModuleInitializer(_module.ImportReference(initializer));
        }
    }

    private void WriteManifest()
    {
        var existing = _module.Resources.OfType<EmbeddedResource>().FirstOrDefault(r => r.Name == DeptRewriteManifest.ResourceName);
        var calls = new List<DeptRewrittenCall>();
        if (existing is not null)
        {
            calls.AddRange(DeptRewriteManifest.Parse(System.Text.Encoding.UTF8.GetString(existing.GetResourceData())));
            _module.Resources.Remove(existing);
        }

        // A later pass sees the same uninstrumented calls again: keep each once.
        calls.AddRange(_calls.Where(c => c.Instrumented || !calls.Contains(c)));
        var bytes = System.Text.Encoding.UTF8.GetBytes(DeptRewriteManifest.Format(calls));
        _module.Resources.Add(new EmbeddedResource(DeptRewriteManifest.ResourceName, ManifestResourceAttributes.Public, bytes));
    }

    private void Stamp()
    {
        var assembly = _module.Assembly;
        var old = assembly.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == MarkerName);
        MethodReference ctor;
        if (old is not null)
        {
            ctor = old.Constructor;
            assembly.CustomAttributes.Remove(old);
        }
        else
        {
            var attributeBase = new TypeReference("System", "Attribute", _module, _module.TypeSystem.CoreLibrary);
            var marker = new TypeDefinition("Dept.Generated", "DeptRewrittenAttribute", TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.Class, attributeBase);
            var definition = new MethodDefinition(
                ".ctor",
                MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                _module.TypeSystem.Void);
            definition.Parameters.Add(new ParameterDefinition("fingerprint", ParameterAttributes.None, _module.TypeSystem.String));
            var il = definition.Body.GetILProcessor();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, new MethodReference(".ctor", _module.TypeSystem.Void, attributeBase) { HasThis = true });
            il.Emit(OpCodes.Ret);
            marker.Methods.Add(definition);
            _module.Types.Add(marker);
            ctor = definition;
        }

        var attribute = new CustomAttribute(ctor);
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(_module.TypeSystem.String, _catalog.Fingerprint));
        assembly.CustomAttributes.Add(attribute);
    }

    private void CallFromModuleInitializer(MethodReference initializer)
    {
        var moduleType = _module.Types.First(t => t.Name == "<Module>");
        var cctor = moduleType.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic);
        if (cctor is null)
        {
            cctor = new MethodDefinition(
                ".cctor",
                MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                _module.TypeSystem.Void);
            cctor.Body.GetILProcessor().Emit(OpCodes.Ret);
            moduleType.Methods.Add(cctor);
        }

        if (cctor.Body.Instructions.Any(i => i.Operand is MethodReference m && m.FullName == initializer.FullName))
        {
            return;
        }

        var il = cctor.Body.GetILProcessor();
        il.InsertBefore(cctor.Body.Instructions[0], il.Create(OpCodes.Call, initializer));
    }
}
