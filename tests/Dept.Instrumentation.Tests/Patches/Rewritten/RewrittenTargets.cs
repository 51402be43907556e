using System.Reflection;
using System.Runtime.Loader;
using Dept.Core.Reports;
using Dept.Instrumentation.Rewriting;

namespace Dept.Instrumentation.Tests.Patches.Rewritten;

/// <summary>
/// A copy of Dept.Patches.Targets' build output, its assembly rewritten with Dept's built-in BCL patches (the same
/// rewriter the MSBuild targets run). <see cref="Load"/> runs it in-process (Dept.Core and the patches shared with
/// the tests, so a private engine sees it); <see cref="AppPath"/> runs it as a child process.
/// </summary>
public class RewrittenTargets : IDisposable
{
    private AssemblyLoadContext? _context;

    public RewrittenTargets()
        : this(withPdb: true)
    {
    }

    /// <param name="withPdb">False: the targets' PDB is not copied, so the rewriter names every site without source lines.</param>
    protected RewrittenTargets(bool withPdb)
    {
        Root = Path.Combine(Path.GetTempPath(), "dept-patches-" + Guid.NewGuid().ToString("N"));
        var app = Path.Combine(Root, "app");
        CopyDirectory(BuildOutput(), app);
        AppPath = Path.Combine(app, "Dept.Patches.Targets.dll");
        if (!withPdb)
        {
            File.Delete(Path.ChangeExtension(AppPath, ".pdb"));
        }

        var options = new DeptRewriteOptions { ScanInputDirectories = false };
        options.Assemblies.Add(AppPath);
        options.PatchAssemblies.Add(Path.Combine(app, "Dept.Patches.AsyncEx.dll"));
        Result = DeptRewriter.Rewrite(options).Single();
        if (Result.Outcome != DeptRewriteOutcome.Rewritten)
        {
            throw new InvalidOperationException($"{Result.Outcome}: {Result.Message}");
        }
    }

    public string Root { get; }

    public string AppPath { get; }

    public DeptRewriteResult Result { get; }

    /// <summary>The source directory of the targets (PDB paths point there).</summary>
    public static string SourceDirectory => Path.Combine(RepositoryRoot(), "tests", "Dept.Patches.Targets");

    /// <summary>Loads the rewritten assembly once (its module initializer runs then); call with an engine installed.</summary>
    public Assembly Load()
    {
        if (_context is null)
        {
            _context = new TargetsContext(AppPath);
            var assembly = _context.LoadFromAssemblyPath(AppPath);
            System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }

        return _context.Assemblies.Single();
    }

    public object? Run(string scenario)
    {
        try
        {
            return Load().GetType("Dept.Patches.Targets.Scenarios", throwOnError: true)!.GetMethod(scenario)!.Invoke(null, null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    /// <summary>
    /// Runs the <c>LockOrderInversion</c> scenario (Account._sync and Ledger._lock taken in both orders) and checks what
    /// every build of the targets must report: one deadlock between the two field classes. Returns it for the caller's
    /// location checks (lines with a PDB, member and IL offset without).
    /// </summary>
    internal DeptReport RunLockOrderInversion(PatchEngine dept)
    {
        Assert.Equal(5, Run("LockOrderInversion"));
        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        Assert.Equal(
            ["Dept.Patches.Targets.Account._sync", "Dept.Patches.Targets.Ledger._lock"],
            report.Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
        return report;
    }

    /// <summary>The 1-based line of the first line in <paramref name="file"/> containing <paramref name="text"/> after <paramref name="after"/>.</summary>
    public static int LineOf(string file, string text, string? after = null)
    {
        var lines = File.ReadAllLines(Path.Combine(SourceDirectory, file));
        var start = after is null ? 0 : Array.FindIndex(lines, l => l.Contains(after, StringComparison.Ordinal));
        return Array.FindIndex(lines, start, l => l.Contains(text, StringComparison.Ordinal)) + 1;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        _context?.Unload();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process or the unloading context may still map a file; the temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static string BuildOutput()
    {
        // bin/<Configuration>/net10.0 of the targets project, in the same configuration as this test assembly.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var output = Path.Combine(SourceDirectory, "bin", testBin.Parent!.Name, testBin.Name);
        return File.Exists(Path.Combine(output, "Dept.Patches.Targets.dll"))
            ? output
            : throw new InvalidOperationException($"Dept.Patches.Targets is not built at {output}.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dept.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Dept.sln not found above the test output.");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    /// <summary>Loads only the rewritten targets; Dept.Core and Dept.Instrumentation come from the default context.</summary>
    private sealed class TargetsContext(string path) : AssemblyLoadContext("dept-rewritten-targets", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
            => name.Name == "Dept.Patches.Targets" ? LoadFromAssemblyPath(path) : null;
    }
}
