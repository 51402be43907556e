using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

/// <summary><c>dept show</c> (#14): a saved report's cycles in full, with advice; colour only when asked or on a terminal.</summary>
public sealed class ShowCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Show_PrintsEveryCycleInFull_WithAdvice_Exit2()
    {
        var path = _cli.Save("r.json", EngineGraphs.KnownCycles());
        var document = DeptDocumentJson.ReadFile(path);

        var (code, stdout, stderr) = CliRunner.Run("show", path);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stderr);
        Assert.StartsWith($"{path}: {document.Classes.Count} classes, {document.Dependencies.Count} dependencies, 3 cycle(s)\n", stdout, StringComparison.Ordinal);
        foreach (var report in document.Reports)
        {
            Assert.Contains(TextReportRenderer.Render(report), stdout, StringComparison.Ordinal);
            Assert.Contains($"fingerprint: {report.Fingerprint}\n", stdout, StringComparison.Ordinal);
        }

        Assert.Equal(3, stdout.Split('\n').Count(l => l.StartsWith("advice: ", StringComparison.Ordinal)));
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal); // redirected: plain text
    }

    [Fact]
    public void Show_Fingerprint_PrintsOnlyThatCycle()
    {
        var path = _cli.Save("r.json", EngineGraphs.KnownCycles());
        var wanted = DeptDocumentJson.ReadFile(path).Reports[1];

        var (code, stdout, _) = CliRunner.Run("show", path, "--fingerprint", wanted.Fingerprint);

        Assert.Equal(2, code);
        Assert.EndsWith("\n\n" + TextReportRenderer.Render(wanted), stdout, StringComparison.Ordinal);
        Assert.Single(stdout.Split('\n'), l => l.StartsWith("fingerprint: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Show_UnknownFingerprint_NamesTheKnownOnes_Exit1()
    {
        var path = _cli.Save("r.json", EngineGraphs.KnownCycles());
        var known = DeptDocumentJson.ReadFile(path).Reports[0].Fingerprint;

        var (code, stdout, stderr) = CliRunner.Run("show", path, "--fingerprint", "dept-0000000000000000");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("no cycle with fingerprint dept-0000000000000000", stderr, StringComparison.Ordinal);
        Assert.Contains(known, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_ColorAlways_ColoursThePoints()
    {
        var (_, stdout, _) = CliRunner.Run("show", _cli.Save("r.json", EngineGraphs.KnownCycles()), "--color", "always");

        Assert.Contains("\u001b[36m    [S] ", stdout, StringComparison.Ordinal);
        Assert.Contains("\u001b[33m    [W] ", stdout, StringComparison.Ordinal);
        Assert.Contains("\u001b[32madvice: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_CleanReport_SaysSo_Exit0()
    {
        var (code, stdout, _) = CliRunner.Run("show", _cli.Save("r.json", EngineGraphs.NewEngine()));
        Assert.Equal(0, code);
        Assert.EndsWith("no cycle: nothing to show.\n", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{")]
    public void Show_NotAReport_Exit1_WithTheProblem(string text)
    {
        var (code, stdout, stderr) = CliRunner.Run("show", _cli.Write("x.json", text));
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("dept show: ", stderr, StringComparison.Ordinal);
    }
}
