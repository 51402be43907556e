using Dept.Instrumentation.Rewriting;

namespace Dept.Viewer.Tests.Cli;

/// <summary>
/// `dept rewrite` refuses an image it cannot write back faithfully and leaves it untouched. The ReadyToRun image is a
/// real one: Dept.Viewer's build publishes a ReadyToRun copy of the CLI (r2r/), whose Mono.Cecil.dll crossgen compiled.
/// </summary>
public sealed class RewriteCommandTests : IDisposable
{
    private const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void ReadyToRunImage_RefusedWithItsReason_AndLeftUntouched()
    {
        var copy = _cli.Path("Mono.Cecil.dll");
        File.Copy(ReadyToRunImage(), copy);
        var before = File.ReadAllBytes(copy);

        var options = new DeptRewriteOptions { ScanInputDirectories = false };
        options.Assemblies.Add(copy);
        var result = Assert.Single(DeptRewriter.Rewrite(options));
        Assert.Equal(DeptRewriteOutcome.Failed, result.Outcome);
        Assert.Equal($"{copy}: a ReadyToRun image; rewrite the IL-only build output (before publish) instead. Left untouched.", result.Message);
        Assert.Equal(before, File.ReadAllBytes(copy));

        Assert.Equal(1, CliRunner.Run("rewrite", copy, "--no-directory-scan", "--quiet").Code);
        Assert.Equal(before, File.ReadAllBytes(copy));
        Assert.Equal(["Mono.Cecil.dll"], Directory.GetFileSystemEntries(_cli.Dir).Select(Path.GetFileName)); // nothing half-written
    }

    private static string ReadyToRunImage()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dept.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var image = Path.Combine(root.FullName, "Dept.Viewer", "bin", Configuration, "net10.0", "r2r", "Mono.Cecil.dll");
        Assert.True(File.Exists(image), $"{image} is missing: Dept.Viewer's build publishes it unless built with -p:DeptReadyToRun=false");
        return image;
    }
}
