using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// All patches, uninstrumented-API declarations and module initializers found in the patch assemblies: Dept's own
/// BCL patches plus any user assembly that declares <c>[DeptPatch]</c> classes. Keyed by call-site match key.
/// </summary>
internal sealed class PatchCatalog : IDisposable
{
    private readonly List<ModuleDefinition> _modules = [];

    public Dictionary<string, PatchTarget> Patches { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Uninstrumented { get; } = new(StringComparer.Ordinal);

    public List<MethodDefinition> Initializers { get; } = [];

    /// <summary>Gets the method counting runs of uninstrumented call sites (<c>[DeptUninstrumentedCounter]</c>), if any.</summary>
    public MethodDefinition? UninstrumentedCounter { get; private set; }

    /// <summary>Gets the site type's <c>Create(function, receiver, member, file, line, ilOffset)</c> factory the counter's sites use.</summary>
    public MethodDefinition? CounterSiteFactory { get; private set; }

    /// <summary>Gets the type-initializer hooks (<c>[DeptTypeInitializerHooks]</c>), if a patch assembly declares them.</summary>
    public TypeInitHooks? TypeInitHooks { get; private set; }

    /// <summary>Gets the <c>Enter(int)</c>/<c>Exit(int)</c> pair called around async state machines' <c>MoveNext</c>, if declared.</summary>
    public (MethodDefinition Enter, MethodDefinition Exit)? ResumptionHook { get; private set; }

    /// <summary>Gets the simple names of the assemblies that declare patches (never rewritten).</summary>
    public HashSet<string> PatchAssemblies { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets a fingerprint of the patch set (assembly names and MVIDs), stamped in the idempotence marker.</summary>
    public string Fingerprint { get; private set; } = string.Empty;

    /// <summary>Loads every candidate that declares patches; candidates that do not are skipped cheaply.</summary>
    public static PatchCatalog Load(IEnumerable<string> candidates, IAssemblyResolver resolver)
    {
        var catalog = new PatchCatalog();
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in candidates.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (!PatchPrefilter.MayDeclarePatches(path))
            {
                continue;
            }

            var module = ModuleDefinition.ReadModule(path, new ReaderParameters { AssemblyResolver = resolver, InMemory = true });
            catalog._modules.Add(module);
            if (!seen.Add(module.Assembly.Name.Name))
            {
                continue; // the same patch assembly from two folders (the CLI's copy and the project's reference): load it once
            }

            var found = catalog.Add(module);
            if (found)
            {
                catalog.PatchAssemblies.Add(module.Assembly.Name.Name);
                ids.Add($"{module.Assembly.Name.Name}:{module.Mvid}");
            }
        }

        ids.Sort(StringComparer.Ordinal);
        catalog.Fingerprint = string.Join(";", ids);
        return catalog;
    }

    public void Dispose()
    {
        foreach (var module in _modules)
        {
            module.Dispose();
        }
    }

    /// <summary>Whether the module declares <c>[DeptPatch]</c> classes (such modules are never rewritten).</summary>
    public static bool DeclaresPatches(ModuleDefinition module) =>
        module.Types.Any(t => t.CustomAttributes.Any(a => a.AttributeType.FullName == PatchDeclarationReader.PatchAttribute));

    private bool Add(ModuleDefinition module)
    {
        var any = false;
        foreach (var type in module.GetTypes())
        {
            foreach (var target in PatchDeclarationReader.ReadPatches(type))
            {
                if (Patches.TryGetValue(target.Key, out var existing))
                {
                    throw new DeptRewriteException(
                        $"Patch {target.PatchClass}: {target.Key} is already patched by {existing.PatchClass}; one patch per target.");
                }

                Patches.Add(target.Key, target);
                any = true;
            }

            foreach (var (api, reason) in PatchDeclarationReader.ReadUninstrumented(type))
            {
                Uninstrumented[api] = reason;
                any = true;
            }

            if (type.CustomAttributes.Any(a => a.AttributeType.FullName == PatchDeclarationReader.ResumptionHookAttribute))
            {
                AddResumptionHook(type);
                any = true;
            }

            foreach (var method in type.Methods.Where(m => m.CustomAttributes.Any(a => a.AttributeType.FullName == PatchDeclarationReader.InitializerAttribute)))
            {
                if (!method.IsStatic || !method.IsPublic || !type.IsPublic || method.HasParameters || method.ReturnType.MetadataType != MetadataType.Void)
                {
                    throw new DeptRewriteException(
                        $"Module initializer {type.FullName}.{method.Name}: must be a public static parameterless void method of a public type.");
                }

                Initializers.Add(method);
                any = true;
            }

            if (type.CustomAttributes.Any(a => a.AttributeType.FullName == PatchDeclarationReader.TypeInitAttribute))
            {
                TypeInitHooks ??= TypeInitHooks.Read(type);
                any = true;
            }

            foreach (var method in type.Methods.Where(m => m.CustomAttributes.Any(a => a.AttributeType.FullName == PatchDeclarationReader.CounterAttribute)))
            {
                var factory = method.Parameters.Count == 1 ? PatchDeclarationReader.SiteFactory(method.Parameters[0].ParameterType) : null;
                if (!method.IsStatic || !method.IsPublic || !type.IsPublic || factory is null || method.ReturnType.MetadataType != MetadataType.Void)
                {
                    throw new DeptRewriteException(
                        $"Uninstrumented counter {type.FullName}.{method.Name}: must be a public static void method of a public type taking one Dept.Core.Annotations.DeptSite.");
                }

                UninstrumentedCounter ??= method;
                CounterSiteFactory ??= factory;
                any = true;
            }
        }

        return any;
    }

    private void AddResumptionHook(TypeDefinition type)
    {
        var where = $"Resumption hook {type.FullName}";
        if (ResumptionHook is { } existing)
        {
            throw new DeptRewriteException($"{where}: {existing.Enter.DeclaringType.FullName} is already the resumption hook; one per patch set.");
        }

        static bool IsInt(TypeReference t) => t.MetadataType == MetadataType.Int32;
        var enter = type.Methods.FirstOrDefault(m => m.Name == "Enter" && m.IsStatic && m.IsPublic && m.Parameters.Count == 1 && IsInt(m.Parameters[0].ParameterType) && IsInt(m.ReturnType));
        var exit = type.Methods.FirstOrDefault(m => m.Name == "Exit" && m.IsStatic && m.IsPublic && m.Parameters.Count == 1 && IsInt(m.Parameters[0].ParameterType) && m.ReturnType.MetadataType == MetadataType.Void);
        if (!type.IsPublic || enter is null || exit is null)
        {
            throw new DeptRewriteException($"{where}: must be a public static class with public static int Enter(int state) and public static void Exit(int token).");
        }

        ResumptionHook = (enter, exit);
    }
}
