using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

public sealed class StatsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Stats_WithCycles_PrintsDeptStats_Exit2()
    {
        var (code, stdout, _) = CliRunner.Run("stats", _cli.Save("r.json", EngineGraphs.KnownCycles()));
        Assert.Equal(2, code);
        Assert.StartsWith("Accumulated amount of memory used by pools:\n", stdout, StringComparison.Ordinal);
        Assert.Contains("cycles\t3\n  Deadlock\t2\n  TimeoutCircularDependency\t1\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_WithUnreachableEvents_CountsThemApartFromCycles()
    {
        var (code, stdout, _) = CliRunner.Run("stats", _cli.Save("r.json", EngineGraphs.WithUnreachableEvents()));
        Assert.Equal(2, code);
        Assert.Contains("cycles\t3\n", stdout, StringComparison.Ordinal);
        Assert.Contains("unreachable_events\t1\n  Released\t1\nnever_fired_events\t", stdout, StringComparison.Ordinal);
        Assert.Contains("unreachable_events\t1\nnever_fired_events\t", stdout, StringComparison.Ordinal); // the /proc/dept_stats counters
    }

    [Fact]
    public void Stats_WithoutCycles_Exit0() =>
        Assert.Equal(0, CliRunner.Run("stats", _cli.Save("r.json", EngineGraphs.NewEngine())).Code);

    [Fact]
    public void Stats_NotAReport_Exit1() =>
        Assert.Equal(1, CliRunner.Run("stats", _cli.Write("x.json", "[1, 2]")).Code);
}
