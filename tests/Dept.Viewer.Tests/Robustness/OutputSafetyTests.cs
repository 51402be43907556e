using System.Diagnostics;
using Dept.Viewer.Tests.Cli;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// Repros 1-3, 10 and 20 of the reliability review (#13): every command's output goes through one path that never
/// overwrites an input, never replaces a non-regular file, and leaves no temporary file behind.
/// </summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void ExportOntoItsOwnInput_IsRefused_AndTheReportSurvives()
    {
        var report = _cli.Save("a.json", EngineGraphs.KnownCycles());
        var before = File.ReadAllBytes(report);

        var (code, _, err) = CliRunner.Run("export", report, "-f", "json", "-o", report);

        Assert.Equal(1, code);
        Assert.Contains("is the input", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(report));
        Assert.Equal(2, CliRunner.Run("stats", report).Code); // still a readable report with its three cycles
    }

    [Fact]
    public void ExportOntoItsInputUnderAnotherName_IsRefusedByIdentity()
    {
        var report = _cli.Save("a.json", EngineGraphs.KnownCycles());
        var before = File.ReadAllBytes(report);
        var link = _cli.Path("hard.json");
        Link(report, link, symbolic: false);

        Assert.Equal(1, CliRunner.Run("export", report, "-f", "dot", "-o", link).Code);
        Assert.Equal(1, CliRunner.Run("export", report, "-f", "dot", "-o", System.IO.Path.Combine(_cli.Dir, ".", "a.json")).Code);
        Assert.Equal(before, File.ReadAllBytes(report));
    }

    [Fact]
    public void MergeOntoOneOfItsInputs_IsRefused_AndTheInputSurvives()
    {
        var a = _cli.Save("a.json", EngineGraphs.KnownCycles());
        var b = _cli.Save("b.json", EngineGraphs.NewEngine());
        var before = File.ReadAllBytes(a);

        var (code, _, err) = CliRunner.Run("merge", a, b, "-o", a);

        Assert.Equal(1, code);
        Assert.Contains("is the input", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(a));
    }

    [Fact]
    public void MergeOfTheSameFileTwice_IsRefused()
    {
        var a = _cli.Save("a.json", EngineGraphs.KnownCycles());
        var again = _cli.Path("again.json");
        Link(a, again, symbolic: true);

        var (code, _, err) = CliRunner.Run("merge", a, again, "-o", _cli.Path("m.json"));

        Assert.Equal(1, code);
        Assert.Contains("is the same file as", err, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Path("m.json")));
    }

    [Fact]
    public void OutputOntoASymbolicLink_IsRefused_LinkAndTargetUnchanged()
    {
        var report = _cli.Save("a.json", EngineGraphs.KnownCycles());
        var target = _cli.Write("t.txt", "keep me");
        var link = _cli.Path("out.lnk");
        Link(target, link, symbolic: true);

        var (code, _, err) = CliRunner.Run("export", report, "-f", "dot", "-o", link);

        Assert.Equal(1, code);
        Assert.Contains("symbolic link", err, StringComparison.Ordinal);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    [Fact]
    public void OutputOntoADeviceOrFifo_IsRefused_AndStaysWhatItWas()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // device files and mkfifo: Linux only (xunit 2 has no dynamic skip)
        }

        var report = _cli.Save("a.json", EngineGraphs.KnownCycles());
        var (code, _, err) = CliRunner.Run("export", report, "-f", "dot", "-o", "/dev/null");
        Assert.Equal(1, code);
        Assert.Contains("character device", err, StringComparison.Ordinal);
        Assert.Equal("character special file", FileType("/dev/null"));

        var fifo = _cli.Path("pipe");
        MakeFifo(fifo);
        (code, _, err) = CliRunner.Run("merge", report, _cli.Save("b.json", EngineGraphs.NewEngine()), "-o", fifo);
        Assert.Equal(1, code);
        Assert.Contains("FIFO", err, StringComparison.Ordinal);
        Assert.Equal("fifo", FileType(fifo));
    }

    [Fact]
    public void ReadOnlyOutput_IsRefusedEvenForRoot_AndAWritableOneKeepsItsMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes
        }

        var report = _cli.Save("a.json", EngineGraphs.KnownCycles());
        var readOnly = _cli.Write("ro.dot", "old");
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var (code, _, err) = CliRunner.Run("export", report, "-f", "dot", "-o", readOnly);
        Assert.Equal(1, code);
        Assert.Contains("read-only", err, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(readOnly));

        var shared = _cli.Write("shared.dot", "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        File.SetUnixFileMode(shared, mode);
        Assert.Equal(0, CliRunner.Run("export", report, "-f", "dot", "-o", shared).Code);
        Assert.StartsWith("digraph", File.ReadAllText(shared), StringComparison.Ordinal);
        Assert.Equal(mode, File.GetUnixFileMode(shared));
    }

    [Theory]
    [InlineData("export")]
    [InlineData("merge")]
    public void EmptyOutputPath_IsOneLineError_NoStackTrace(string command)
    {
        var report = _cli.Save("a.json", EngineGraphs.KnownCycles());
        var args = command == "export"
            ? new[] { "export", report, "-f", "dot", "-o", string.Empty }
            : new[] { "merge", report, _cli.Save("b.json", EngineGraphs.NewEngine()), "-o", string.Empty };

        var (code, _, err) = CliRunner.Run(args);

        Assert.Equal(1, code);
        Assert.Contains("output path is empty", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void AttachJson_EmptyOrADirectory_FailsBeforeAttaching()
    {
        // Our own process would be a valid target: the failure must come from --json, before any attach.
        var (code, stdout, err) = CliRunner.Run("attach", "--pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1s", "--no-clrmd", "--json", _cli.Dir);
        Assert.Equal(1, code);
        Assert.Contains("--json", err, StringComparison.Ordinal);
        Assert.Contains("is a directory", err, StringComparison.Ordinal);
        Assert.DoesNotContain("attached", stdout, StringComparison.Ordinal);

        (code, stdout, err) = CliRunner.Run("attach", "--pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1s", "--no-clrmd", "--json", string.Empty);
        Assert.Equal(1, code);
        Assert.Contains("output path is empty", err, StringComparison.Ordinal);
        Assert.DoesNotContain("attached", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void StaleTemporaryFilesOfKilledWriters_AreRemoved_OwnAreNeverLeft()
    {
        var report = _cli.Save("a.json", EngineGraphs.KnownCycles());
        // What a kill -9 leaves: a temporary of a process that no longer runs (pid beyond pid_max), and the pre-#13 names.
        var stale = _cli.Write(".g.dot.99999999.0badf00d.dept-tmp", "half");
        var legacy = _cli.Write("g.dot.tmp.tmp-99999999", "half");

        Assert.Equal(0, CliRunner.Run("export", report, "-f", "dot", "-o", _cli.Path("g.dot")).Code);

        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(legacy));
        Assert.Equal(["a.json", "g.dot"], _cli.Files().Where(f => !f.StartsWith(".a.json", StringComparison.Ordinal)).ToList());
    }

    internal static void Link(string target, string link, bool symbolic)
    {
        if (symbolic)
        {
            File.CreateSymbolicLink(link, target);
            return;
        }

        using var ln = Process.Start(new ProcessStartInfo("ln", [target, link]) { UseShellExecute = false })!;
        Assert.True(ln.WaitForExit(30_000));
        Assert.Equal(0, ln.ExitCode);
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        Assert.True(mkfifo.WaitForExit(30_000));
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static string FileType(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", path]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        var type = stat.StandardOutput.ReadToEnd().Trim();
        Assert.True(stat.WaitForExit(30_000));
        return type;
    }
}
