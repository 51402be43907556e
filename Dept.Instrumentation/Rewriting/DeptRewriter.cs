using System.Diagnostics;
using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Applies <c>[DeptPatch]</c> declarations to assemblies by rewriting call sites (Mono.Cecil), as Coyote does:
/// the BCL is never touched, only the call sites in user code. Used by <c>dept rewrite</c> and the MSBuild targets.
/// </summary>
public static class DeptRewriter
{
    /// <summary>Rewrites every assembly of <paramref name="options"/>; one result each, in order.</summary>
    /// <exception cref="DeptRewriteException">A patch declaration is invalid (nothing was written).</exception>
    public static IReadOnlyList<DeptRewriteResult> Rewrite(DeptRewriteOptions options)
    {
        if (options.References.Count > 0 && options.ReferencesOutputDirectory is null)
        {
            throw new DeptRewriteException("References to rewrite need a references output directory.");
        }

        var inputs = options.Assemblies.Concat(options.References).Select(Path.GetFullPath).ToList();
        using var resolver = new DefaultAssemblyResolver();
        foreach (var dir in SearchDirectories(options, inputs))
        {
            resolver.AddSearchDirectory(dir);
        }

        foreach (var explicitPatch in options.PatchAssemblies)
        {
            if (!File.Exists(explicitPatch))
            {
                throw new DeptRewriteException($"Patch assembly {explicitPatch} does not exist.");
            }
        }

        var candidates = new List<string>();
        if (options.IncludeBuiltInPatches)
        {
            candidates.Add(typeof(DeptRewriter).Assembly.Location);
        }

        candidates.AddRange(options.PatchAssemblies);
        candidates.AddRange(options.ScanAssemblies.Where(File.Exists));
        if (options.ScanInputDirectories)
        {
            candidates.AddRange(inputs.Select(Path.GetDirectoryName).Distinct().SelectMany(d => Directory.EnumerateFiles(d!, "*.dll")));
        }

        // Inputs stay candidates: a patch assembly copied among the project references (DmaBuf.Dept next to
        // DmaBuf) must patch the other inputs; it is read in memory and never rewritten itself (AssemblyGuard).
        var builtIn = typeof(DeptRewriter).Assembly.Location;
        using var catalog = PatchCatalog.Load(
            candidates.Where(c => options.IncludeBuiltInPatches || !SameFile(c, builtIn)),
            resolver);
        foreach (var explicitPatch in options.PatchAssemblies)
        {
            var name = Path.GetFileNameWithoutExtension(explicitPatch);
            if (!catalog.PatchAssemblies.Contains(name))
            {
                throw new DeptRewriteException($"{explicitPatch} declares no [DeptPatch] class, [DeptUninstrumented] API or [DeptModuleInitializer].");
            }
        }

        var references = new HashSet<string>(options.References.Select(Path.GetFullPath), StringComparer.Ordinal);
        return inputs.Select(input => RewriteOne(input, OutputOf(input, options, references), options.IlLog, catalog, resolver)).ToList();
    }

    private static string OutputOf(string input, DeptRewriteOptions options, HashSet<string> references)
    {
        var directory = references.Contains(input) ? options.ReferencesOutputDirectory : options.OutputDirectory;
        return directory is null ? input : Path.Combine(Path.GetFullPath(directory), Path.GetFileName(input));
    }

    private static DeptRewriteResult RewriteOne(string input, string output, TextWriter? ilLog, PatchCatalog catalog, IAssemblyResolver resolver)
    {
        var clock = Stopwatch.StartNew();
        DeptRewriteResult Result(DeptRewriteOutcome outcome, string message, ModuleRewriter? r = null) =>
            new(input, output, outcome, message, r?.Instrumented ?? 0, r?.Uninstrumented ?? 0, r?.Skipped ?? 0, clock.Elapsed);

        try
        {
            using var module = ModuleIO.Read(input, resolver, out var symbols);
            if (AssemblyGuard.WhyNot(module, catalog) is { } refusal)
            {
                CopyIfElsewhere(input, output);
                return Result(DeptRewriteOutcome.Skipped, refusal);
            }

            AssemblyGuard.EnsureRewritable(module, input);
            if (ModuleRewriter.MarkerFingerprint(module) == catalog.Fingerprint)
            {
                CopyIfElsewhere(input, output);
                return Result(DeptRewriteOutcome.AlreadyRewritten, string.Empty);
            }

            var rewriter = new ModuleRewriter(module, catalog, ilLog);
            if (!rewriter.Run())
            {
                CopyIfElsewhere(input, output);
                return Result(DeptRewriteOutcome.NothingToRewrite, string.Empty, rewriter);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            ModuleIO.Write(module, output, symbols);
            return Result(DeptRewriteOutcome.Rewritten, string.Empty, rewriter);
        }
        catch (DeptRewriteException ex)
        {
            return Result(DeptRewriteOutcome.Failed, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be created or written: the user's problem to fix, so one line, no stack trace (#13).
            return Result(DeptRewriteOutcome.Failed, $"{output}: cannot be written ({ex.Message}); {input} left untouched.");
        }
        catch (Exception ex)
        {
            return Result(DeptRewriteOutcome.Failed, $"{input}: rewriting failed ({ex.GetType().Name}: {ex.Message}); left untouched.{Environment.NewLine}{ex.StackTrace}");
        }
    }

    private static void CopyIfElsewhere(string input, string output)
    {
        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.Copy(input, output, overwrite: true);
        var pdb = Path.ChangeExtension(input, ".pdb");
        if (File.Exists(pdb))
        {
            File.Copy(pdb, Path.ChangeExtension(output, ".pdb"), overwrite: true);
        }
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFileName(a), Path.GetFileName(b), StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> SearchDirectories(DeptRewriteOptions options, List<string> inputs) =>
        inputs.Concat(options.PatchAssemblies).Concat(options.ScanAssemblies)
            .Append(typeof(DeptRewriter).Assembly.Location)
            .Append(typeof(object).Assembly.Location)
            .Select(p => Path.GetDirectoryName(Path.GetFullPath(p))!)
            .Distinct(StringComparer.Ordinal);
}
