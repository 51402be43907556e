using Dept.Instrumentation.Rewriting;
using Dept.Viewer.Tests.Cli;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// Repros 13 and 16 of the reliability review (#13): <c>dept rewrite</c> names a corrupt PDB as such, refuses to replace
/// a read-only assembly, and reports an unwritable folder in one line. The assembly is the attach tests' target
/// (copied beside the tests, with its PDB), which has lock call sites to rewrite.
/// </summary>
public sealed class RewriteSafetyTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void CorruptPdb_IsNamedAsThePdb_AndTheAssemblyIsLeftUntouched()
    {
        var dll = Copy();
        var pdb = Path.ChangeExtension(dll, ".pdb");
        File.WriteAllBytes(pdb, File.ReadAllBytes(pdb)[..300]);
        var before = File.ReadAllBytes(dll);

        var result = Rewrite(dll);

        Assert.Equal(DeptRewriteOutcome.Failed, result.Outcome);
        Assert.StartsWith($"{pdb}: the PDB beside Dept.Attach.Target.dll is corrupt", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(dll));
    }

    [Fact]
    public void ReadOnlyAssembly_IsRefused_NotReplacedWithAnotherModeOrOwner()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes
        }

        var dll = Copy();
        const UnixFileMode readOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(dll, readOnly);
        var before = File.ReadAllBytes(dll);

        var result = Rewrite(dll);

        Assert.Equal(DeptRewriteOutcome.Failed, result.Outcome);
        Assert.Contains("read-only", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(dll));
        Assert.Equal(readOnly, File.GetUnixFileMode(dll));
    }

    [Fact]
    public void WritableAssembly_KeepsItsMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes
        }

        var dll = Copy();
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(dll, mode);

        Assert.Equal(DeptRewriteOutcome.Rewritten, Rewrite(dll).Outcome);
        Assert.Equal(mode, File.GetUnixFileMode(dll));
    }

    [Fact]
    public void UnwritableOutputFolder_OneLineError_NoStackTrace()
    {
        var dll = Copy();
        // Root may write a 555 folder, so the unwritable folder here is one below a regular file (ENOTDIR for every user).
        var blocker = _cli.Write("not-a-folder", "x");
        var options = new DeptRewriteOptions { ScanInputDirectories = false, OutputDirectory = Path.Combine(blocker, "out") };
        options.Assemblies.Add(dll);

        var result = Assert.Single(DeptRewriter.Rewrite(options));

        // The message is what `dept rewrite` prints after "dept rewrite: error: ".
        Assert.Equal(DeptRewriteOutcome.Failed, result.Outcome);
        Assert.Contains("cannot be written", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Message);
    }

    private string Copy()
    {
        foreach (var extension in new[] { ".dll", ".pdb" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Dept.Attach.Target" + extension), _cli.Path("Dept.Attach.Target" + extension));
        }

        return _cli.Path("Dept.Attach.Target.dll");
    }

    private static DeptRewriteResult Rewrite(string dll)
    {
        var options = new DeptRewriteOptions { ScanInputDirectories = false };
        options.Assemblies.Add(dll);
        return Assert.Single(DeptRewriter.Rewrite(options));
    }
}
