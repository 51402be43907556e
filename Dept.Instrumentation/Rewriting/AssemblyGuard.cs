using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>Which assemblies Dept never rewrites, and which images it cannot.</summary>
internal static class AssemblyGuard
{
    private static readonly HashSet<string> DeptAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "Dept.Core", "Dept.Instrumentation", "Dept.Viewer", "dept",
    };

    // Public key tokens of the .NET runtime, ASP.NET Core and framework assemblies.
    private static readonly HashSet<string> FrameworkTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "b03f5f7f11d50a3a", "7cec85d7bea7798e", "cc7b13ffcd2ddd51", "adb9793829ddae60", "31bf3856ad364e35", "b77a5c561934e089",
    };

    /// <summary>Why the module must be left alone (skipped, not an error), or null.</summary>
    public static string? WhyNot(ModuleDefinition module, PatchCatalog catalog)
    {
        var name = module.Assembly?.Name;
        if (name is null)
        {
            return "a netmodule, not an assembly";
        }

        if (DeptAssemblies.Contains(name.Name))
        {
            return "Dept's own assembly is never rewritten";
        }

        var token = name.PublicKeyToken is { Length: > 0 } t ? Convert.ToHexString(t) : string.Empty;
        if (FrameworkTokens.Contains(token) || name.Name is "System.Private.CoreLib" or "mscorlib" or "netstandard")
        {
            return "a framework assembly is never rewritten";
        }

        if (catalog.PatchAssemblies.Contains(name.Name) || PatchCatalog.DeclaresPatches(module))
        {
            return "a patch assembly is never rewritten (its patches would call themselves)";
        }

        return null;
    }

    /// <summary>Refuses images Cecil cannot write back faithfully.</summary>
    public static void EnsureRewritable(ModuleDefinition module, string path)
    {
        if ((module.Attributes & ModuleAttributes.ILLibrary) != 0)
        {
            throw new DeptRewriteException($"{path}: a ReadyToRun image; rewrite the IL-only build output (before publish) instead. Left untouched.");
        }

        if ((module.Attributes & ModuleAttributes.ILOnly) == 0)
        {
            throw new DeptRewriteException($"{path}: a mixed-mode (C++/CLI) image with native code; Dept rewrites IL-only assemblies. Left untouched.");
        }
    }
}
