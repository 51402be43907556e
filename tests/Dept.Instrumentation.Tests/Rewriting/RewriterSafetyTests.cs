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
