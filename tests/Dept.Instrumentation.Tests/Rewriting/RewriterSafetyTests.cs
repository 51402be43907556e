using Dept.Instrumentation.Rewriting;
using Dept.Instrumentation.Tests.Rewriting.TestPatches;

namespace Dept.Instrumentation.Tests.Rewriting;

/// <summary>Refusals leave files untouched; a second run is a no-op; Dept's own and patch assemblies are skipped.</summary>
[Collection(RewritingCollection.Name)]
public sealed class RewriterSafetyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dept-safety-" + Guid.NewGuid().ToString("N"));

    public RewriterSafetyTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void NativeOrCorruptImage_RefusedAndUntouched()
    {
        var path = Path.Combine(_dir, "native.dll");
        byte[] bytes = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        File.WriteAllBytes(path, bytes);
        var result = Rewrite(path);
        Assert.Equal(DeptRewriteOutcome.Failed, result.Outcome);
        Assert.Contains("not a .NET assembly", result.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(_dir)); // no temp directory or half-written file left
    }

    [Fact]
    public void InPlace_SecondRunIsNoOpAndFilesUnchanged()
    {
        var path = CopySamples();
        var first = Rewrite(path);
        Assert.Equal(DeptRewriteOutcome.Rewritten, first.Outcome);
        var dll = File.ReadAllBytes(path);
        var pdb = File.ReadAllBytes(Path.ChangeExtension(path, ".pdb"));
        var second = Rewrite(path);
        Assert.Equal(DeptRewriteOutcome.AlreadyRewritten, second.Outcome);
        Assert.Equal(dll, File.ReadAllBytes(path));
        Assert.Equal(pdb, File.ReadAllBytes(Path.ChangeExtension(path, ".pdb")));
        Assert.Equal(2, Directory.EnumerateFiles(_dir).Count());
    }

    [Fact]
    public void DeptOwnAssembly_Skipped()
    {
        var path = Path.Combine(_dir, "Dept.Core.dll");
        File.Copy(typeof(Dept.Core.Annotations.DeptSite).Assembly.Location, path);
        var result = Rewrite(path);
        Assert.Equal(DeptRewriteOutcome.Skipped, result.Outcome);
        Assert.Contains("Dept's own assembly", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FrameworkAssembly_Skipped()
    {
        var path = Path.Combine(_dir, "System.Collections.dll");
        File.Copy(typeof(List<int>).Assembly.Location.Replace("System.Private.CoreLib", "System.Collections", StringComparison.Ordinal), path);
        Assert.Equal(DeptRewriteOutcome.Skipped, Rewrite(path).Outcome);
    }

    [Fact]
    public void PatchAssembly_Skipped()
    {
        var path = Path.Combine(_dir, "Dept.Instrumentation.Tests.dll");
        File.Copy(typeof(PatchLog).Assembly.Location, path);
        var result = Rewrite(path);
        Assert.Equal(DeptRewriteOutcome.Skipped, result.Outcome);
        Assert.Contains("patch assembly", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitPatchAssemblyWithoutPatches_Error()
    {
        var options = new DeptRewriteOptions { IncludeBuiltInPatches = false, ScanInputDirectories = false };
        options.Assemblies.Add(CopySamples());
        options.PatchAssemblies.Add(typeof(Dept.Rewriting.Samples.Gate).Assembly.Location);
        var ex = Assert.Throws<DeptRewriteException>(() => DeptRewriter.Rewrite(options));
        Assert.Contains("declares no [DeptPatch] class", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StrongNamedAssembly_KeepsItsIdentityAndRuns()
    {
        // A strong-name identity (public key + flag) as a signed build has; .NET does not verify the signature, so
        // the rewritten assembly keeps its identity and loads (mechanisms.md E1, pitfall 11).
        var path = CopySamples();
        var key = typeof(FactAttribute).Assembly.GetName().GetPublicKey()!; // a valid public key blob (xunit is signed)
        using (var module = Mono.Cecil.ModuleDefinition.ReadModule(path, new Mono.Cecil.ReaderParameters { InMemory = true, ReadSymbols = true }))
        {
            module.Assembly.Name.PublicKey = key;
            module.Attributes |= Mono.Cecil.ModuleAttributes.StrongNameSigned;
            module.Write(path, new Mono.Cecil.WriterParameters { WriteSymbols = true });
        }

        Assert.Equal(DeptRewriteOutcome.Rewritten, Rewrite(path).Outcome);
        using (var rewritten = Mono.Cecil.ModuleDefinition.ReadModule(path))
        {
            Assert.Equal(key, rewritten.Assembly.Name.PublicKey);
            Assert.True((rewritten.Attributes & Mono.Cecil.ModuleAttributes.StrongNameSigned) != 0);
        }

        var context = new System.Runtime.Loader.AssemblyLoadContext("dept-strong-name", isCollectible: true);
        try
        {
            var calls = context.LoadFromAssemblyPath(path).GetType("Dept.Rewriting.Samples.Calls", throwOnError: true)!;
            Assert.Equal(1, calls.GetMethod("PlainLock")!.Invoke(null, null)); // its patches live in the default context
            Assert.NotEmpty(calls.Assembly.GetName().GetPublicKeyToken()!);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void StalePdb_RewritesWithoutLinesInsteadOfFailing()
    {
        var path = CopySamples();
        var stale = Path.ChangeExtension(path, ".pdb");
        var other = typeof(PatchLog).Assembly.Location;
        File.Copy(Path.ChangeExtension(other, ".pdb"), stale, overwrite: true);
        var before = File.ReadAllBytes(stale);
        Assert.Equal(DeptRewriteOutcome.Rewritten, Rewrite(path).Outcome);
        Assert.Equal(before, File.ReadAllBytes(stale));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CopySamples()
    {
        var built = typeof(Dept.Rewriting.Samples.Gate).Assembly.Location;
        var path = Path.Combine(_dir, Path.GetFileName(built));
        File.Copy(built, path, overwrite: true);
        File.Copy(Path.ChangeExtension(built, ".pdb"), Path.ChangeExtension(path, ".pdb"), overwrite: true);
        return path;
    }

    private static DeptRewriteResult Rewrite(string path)
    {
        var options = new DeptRewriteOptions { IncludeBuiltInPatches = false, ScanInputDirectories = false };
        options.Assemblies.Add(path);
        options.PatchAssemblies.Add(typeof(PatchLog).Assembly.Location);
        return DeptRewriter.Rewrite(options).Single();
    }
}
