using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// The user's journey (#14) on generated projects: every test framework on VSTest and on Microsoft.Testing.Platform
/// under <c>dept test</c> and the MSBuild opt-in, and a console app under <c>dept run</c> and <c>dept rewrite</c>.
/// Each has a latent AB-BA: the report is written, the full text and advice are printed, fail-on-cycle is honoured.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class UserJourneyEndToEndTests : IClassFixture<GeneratedWorkspace>
{
    private readonly GeneratedWorkspace _workspace;

    public UserJourneyEndToEndTests(GeneratedWorkspace workspace) => _workspace = workspace;

    public static TheoryData<string> Frameworks => [.. TestFramework.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Framework_FailOnCycle_FailsTheRun_WritesTheReport_PrintsTheSummary(string name)
    {
        var runs = _workspace.Framework(name);

        AssertAbba(runs.FailingDocument, runs.Source, runs.Failing.Output);
        Assert.True(runs.Failing.ExitCode != 0, runs.Failing.Output);
        if (runs.OptIn)
        {
            // The run's own summary, shown by dotnet test (VSTest: DeptCheckRun; MTP: the failed host's error output).
            Assert.Contains("dept: FAILED: 1 cycle(s) found and DEPT_FAIL_ON_CYCLE is on", runs.Failing.Output, StringComparison.Ordinal);
            Assert.Contains("advice: take these locks in one global order", runs.Failing.Output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(2, runs.Failing.ExitCode);
            Assert.Matches(@"dept test: dotnet test exited with [1-9]", runs.Failing.Output);
        }
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Framework_DeptTest_PrintsEachCycleInFull_TestsStillPass(string name)
    {
        var runs = _workspace.Framework(name);

        var report = AssertAbba(runs.PassingDocument, runs.Source, runs.Passing.Output);
        Assert.True(runs.Passing.ExitCode == 2, runs.Passing.Output);
        Assert.DoesNotContain("dotnet test exited with", runs.Passing.Output, StringComparison.Ordinal); // no fail-on-cycle: the tests pass
        Assert.Contains(TextReportRenderer.Render(report).ReplaceLineEndings(Environment.NewLine), runs.Passing.Output, StringComparison.Ordinal);
        Assert.Contains("dept test: ", runs.Passing.Output, StringComparison.Ordinal);
        Assert.Contains(", 1 cycle(s)", runs.Passing.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsoleApp_NoCycle_StdoutByteIdenticalWithAndWithoutDept()
    {
        var app = _workspace.App;

        Assert.Equal(0, app.PlainClean.ExitCode);
        Assert.True(app.DeptClean.ExitCode == 0, app.DeptClean.Stderr);
        Assert.NotEmpty(app.PlainClean.Stdout);
        Assert.Equal(app.PlainClean.Stdout, app.DeptClean.Stdout);

        // Dept was on: the locks were tracked, and it said so on stderr only.
        Assert.Contains(app.DeptCleanDocument.Classes, c => c.Name == "Generated.Ledger.First");
        Assert.Empty(app.DeptCleanDocument.Reports);
        Assert.Contains("dept rewrite: rewrote Ledger.dll (", app.DeptClean.Stderr, StringComparison.Ordinal);
        Assert.Contains(", 0 cycle(s)", app.DeptClean.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsoleApp_DeptRun_Cycle_ReportedOnStderr_FailExitCodeHonoured()
    {
        var app = _workspace.App;

        AssertAbba(app.DeptAbbaDocument, AppRuns.Program, app.DeptAbba.Stderr);
        Assert.True(app.DeptAbba.ExitCode == 42, app.DeptAbba.Stderr);
        Assert.Equal(app.PlainAbba.Stdout, app.DeptAbba.Stdout);
        Assert.Contains("advice: take these locks in one global order", app.DeptAbba.Stderr, StringComparison.Ordinal);
        Assert.Contains("dept: FAILED: 1 cycle(s) found and DEPT_FAIL_ON_CYCLE is on", app.DeptAbba.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(app.BinOfDeptRun, "Mono.Cecil*.dll"));
    }

    [Fact]
    public void ConsoleApp_RewrittenInPlace_StartsAsIs_AndReports()
    {
        var app = _workspace.App;

        Assert.True(app.Rewrite.ExitCode == 0, app.Rewrite.Output);
        Assert.Contains("copied Dept.Core.dll, Dept.Instrumentation.dll; listed Dept.Core, Dept.Instrumentation in Ledger.deps.json", app.Rewrite.Output, StringComparison.Ordinal);
        Assert.True(app.RewrittenAbba.ExitCode == 0, app.RewrittenAbba.Stderr);
        Assert.Equal(app.PlainAbba.Stdout, app.RewrittenAbba.Stdout);
        AssertAbba(app.RewrittenDocument, AppRuns.Program, app.RewrittenAbba.Stderr);
        Assert.Empty(Directory.GetFiles(app.Rewritten, "Mono.Cecil*.dll"));
    }

    /// <summary>Exactly one cycle, between the two lock fields, with each wait at one of the nested lock lines.</summary>
    private static DeptReport AssertAbba(DeptDocument document, string source, string output)
    {
        // Cycles only: a framework's own waits may add unreachable/never-fired event reports (#11), which are not ours.
        var cycles = document.Reports.Where(static r => r.Kind is DeptReportKind.Deadlock or DeptReportKind.AADeadlock or DeptReportKind.TimeoutCircularDependency).ToList();
        Assert.True(cycles.Count == 1, $"expected one cycle, got {cycles.Count} ({string.Join(", ", document.Reports.Select(r => r.Kind))}); run output:\n{output}");
        var report = cycles[0];
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        var inner = GeneratedWorkspace.LinesOf(source, "lock (").Where((_, i) => i % 2 == 1).ToHashSet();
        Assert.Equal(2, report.Contexts.Count);
        Assert.All(report.Contexts, c =>
        {
            Assert.Matches(@"^Generated\.(AbbaTests|Ledger)\.(First|Second)$", c.Wait.ClassName);
            Assert.Contains(c.Wait.Location!.Line, inner);
        });
        Assert.NotEqual(report.Contexts[0].Wait.ClassName, report.Contexts[1].Wait.ClassName);
        return report;
    }
}
