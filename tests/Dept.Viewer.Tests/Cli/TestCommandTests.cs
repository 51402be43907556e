using Dept.Viewer.Cli;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

/// <summary>
/// <c>dept test</c>'s verdict and where it finds its MSBuild targets. The whole command (build, run, report) is
/// exercised end to end by Dept.Instrumentation.Tests' Accounts run; these pin its contract cheaply.
/// </summary>
public sealed class TestCommandTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(137)]
    public void NoReportWritten_IsExit1_WhateverDotnetTestReturned(int testExit) =>
        Assert.Equal(1, TestCommand.Verdict(testExit, _cli.Path("missing.json"), LongAgo));

    [Fact]
    public void ReportFromAnEarlierRun_CountsAsNoReport()
    {
        var report = _cli.Save("old.json", EngineGraphs.KnownCycles());
        Assert.Equal(1, TestCommand.Verdict(0, report, DateTime.UtcNow.AddMinutes(5)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ReportWithCycles_IsExit2_EvenWhenTestsFailed(int testExit) =>
        Assert.Equal(2, TestCommand.Verdict(testExit, _cli.Save("r.json", EngineGraphs.KnownCycles()), LongAgo));

    [Fact]
    public void CleanReport_IsExit0_OnlyWhenTheTestsPassed()
    {
        var report = _cli.Save("r.json", EngineGraphs.NewEngine());
        Assert.Equal(0, TestCommand.Verdict(0, report, LongAgo));
        Assert.Equal(1, TestCommand.Verdict(3, report, LongAgo));
    }

    [Fact]
    public void Targets_ShipBesideTheCli()
    {
        // Dept.Viewer copies build/*.targets next to dept.dll (and into the tool package); referencing projects get
        // them too, so this test's own output folder is "beside the CLI".
        var found = TestCommand.FindTargets();
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "build", "DeptZeroTouch.targets"), found);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "build", "Dept.targets")));
    }
}
