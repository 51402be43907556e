using Dept.Core.Reports;
using Mono.Cecil;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>The issue's acceptance run: an instrumented `dotnet test` of the Accounts demo reports its three latent
/// deadlocks with the right source lines; the clean twin reports none.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AccountsEndToEndTests : IClassFixture<AccountsDemoRuns>
{
    private readonly AccountsDemoRuns _runs;

    public AccountsEndToEndTests(AccountsDemoRuns runs) => _runs = runs;

    [Fact]
    public void InstrumentedRun_TestsStillPass()
    {
        Assert.True(_runs.Buggy.ExitCode == 0, _runs.Buggy.Output);
        Assert.Contains("Passed!", _runs.Buggy.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void InstrumentedOutput_CarriesNoRewriter()
    {
        // The test project references Dept.Instrumentation; only the CLI needs Mono.Cecil (#14).
        var bin = _runs.Output("bin", "Accounts.Tests");
        Assert.True(File.Exists(Path.Combine(bin, "Dept.Instrumentation.dll")), bin);
        Assert.Empty(Directory.GetFiles(bin, "Mono.Cecil*.dll"));
    }

    [Fact]
    public void AbbaBetweenAccountLocks_ReportedAtBothLockLines()
    {
        var report = Single(
            Line("TransferTo", "lock (_sync)"),
            Line("TransferTo", "lock (other._sync)"));
        Assert.All(report.Contexts, c => Assert.Equal("Accounts.Account._sync", c.Wait.ClassName));
    }

    [Fact]
    public void LockHeldAcrossTaskCompletionSource_ReportedWithWaitLockAndCompleter()
    {
        var report = Single(
            Line("WithdrawWithApproval", "lock (_sync)"),
            Line("WithdrawWithApproval", "approval.Task.Result"),
            Line("void Approve", "lock (_sync)"));
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
    }

    [Fact]
    public void SyncOverAsyncUnderLock_ReportedWithResultAndContinuationLock()
    {
        var report = Single(
            Line("ReconcileWith", "lock (_sync)"),
            Line("ReconcileWith", ".Result"),
            Line("ReadBalanceAsync", "lock (_sync)"));
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
    }

    [Fact]
    public void InstrumentedRun_ReportsExactlyTheThreeCycles()
    {
        Assert.True(
            _runs.BuggyDocument.Reports.Count == 3,
            string.Join("\n", _runs.BuggyDocument.Reports.Select(r => $"{r.Kind} {r.Fingerprint}: " + string.Join(" -> ", r.Contexts.Select(c => c.Wait.ClassName)))));
    }

    [Fact]
    public void CleanTwin_ViaDeptTest_InstrumentedButNoCycle()
    {
        Assert.True(_runs.Clean.ExitCode == 0, _runs.Clean.Output);
        Assert.Empty(_runs.CleanDocument.Reports);
        Assert.Contains(_runs.CleanDocument.Classes, c => c.Name == "Accounts.Account._sync");
        Assert.NotEmpty(_runs.CleanDocument.Dependencies);
    }

    [Fact]
    public void PlainDotnetTestWithFailOnCycle_FailsTheRunAndPrintsTheSummary()
    {
        var reports = Path.Combine(_runs.Temp, "fail-on-cycle");
        var run = DotnetProcess.Run(
            _runs.Root,
            new Dictionary<string, string> { ["DEPT_REPORT_DIR"] = reports },
            "test", "demos/Accounts.Tests/Accounts.Tests.csproj", "-c", AccountsDemoRuns.Configuration, "--artifacts-path", _runs.Artifacts, "-p:Dept=true", "-p:DeptFailOnCycle=true", "-nologo");

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("Dept found dependency cycles (DeptFailOnCycle): 3 cycle(s)", run.Output, StringComparison.Ordinal);
        Assert.Contains("cycles:       3", run.Output, StringComparison.Ordinal); // the summary, printed by MSBuild
        Assert.True(File.Exists(Path.Combine(reports, "dept-failed.txt")));
    }

    [Fact]
    public void SwitchingDeptOff_RecompilesWithoutRewrittenCode()
    {
        var off = DotnetProcess.Run(_runs.Root, new Dictionary<string, string>(), "build", "demos/Accounts.Tests/Accounts.Tests.csproj", "-c", AccountsDemoRuns.Configuration, "--artifacts-path", _runs.Artifacts, "-p:Dept=false", "-nologo", "-v", "q");
        Assert.True(off.ExitCode == 0, off.Output);
        var bin = _runs.Output("bin", "Accounts.Tests");
        Assert.False(Rewritten(Path.Combine(bin, "Accounts.Tests.dll")));
        Assert.False(Rewritten(Path.Combine(bin, "Accounts.dll")));
    }

    [Fact]
    public void IncrementalBuildWithNothingChanged_DoesNotRunTheRewriter()
    {
        var build = () => DotnetProcess.Run(_runs.Root, new Dictionary<string, string>(), "build", "demos/Accounts.Tests/Accounts.Tests.csproj", "-c", AccountsDemoRuns.Configuration, "--artifacts-path", _runs.Artifacts, "-p:Dept=true", "-nologo", "-v", "q");
        var first = build();
        Assert.True(first.ExitCode == 0, first.Output);
        var obj = _runs.Output("obj", "Accounts.Tests");
        Assert.True(File.Exists(Path.Combine(obj, "dept.rewritten.stamp")), obj);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(obj, "dept.rewritten.stamp"));
        var reference = File.GetLastWriteTimeUtc(Path.Combine(obj, "dept", "Accounts.dll"));
        var second = build();
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(obj, "dept.rewritten.stamp")));
        Assert.Equal(reference, File.GetLastWriteTimeUtc(Path.Combine(obj, "dept", "Accounts.dll")));
        Assert.True(Rewritten(Path.Combine(_runs.Output("bin", "Accounts.Tests"), "Accounts.dll")));
    }

    private static bool Rewritten(string path)
    {
        using var module = ModuleDefinition.ReadModule(path);
        return module.Resources.Any(r => r.Name == Dept.Instrumentation.Rewriting.DeptRewriteManifest.ResourceName)
            || module.Assembly.CustomAttributes.Any(a => a.AttributeType.Name == "DeptRewrittenAttribute");
    }

    private DeptReport Single(params int[] lines)
    {
        var matches = _runs.BuggyDocument.Reports.Where(r => lines.All(line => Points(r).Any(p => p.Line == line))).ToList();
        var all = string.Join("\n", _runs.BuggyDocument.Reports.Select(r => string.Join(", ", Points(r).Select(p => $"{Path.GetFileName(p.File)}:{p.Line}"))));
        Assert.True(matches.Count == 1, $"expected one report naming Account.cs lines {string.Join(", ", lines)}; reports:\n{all}");
        Assert.All(Points(matches[0]), p => Assert.Equal("Account.cs", Path.GetFileName(p.File)));
        return matches[0];
    }

    private static IEnumerable<DeptSourceLocation> Points(DeptReport report) =>
        report.Contexts.SelectMany(c => new[] { c.Start.Location, c.Wait.Location, c.Event.Location }).OfType<DeptSourceLocation>().Where(l => l.Line > 0);

    /// <summary>The 1-based line of the first <paramref name="text"/> after the line declaring <paramref name="member"/>.</summary>
    private int Line(string member, string text)
    {
        var lines = File.ReadAllLines(Path.Combine(_runs.Root, "demos", "Accounts", "Account.cs"));
        var start = Array.FindIndex(lines, l => l.Contains(member, StringComparison.Ordinal) && l.Contains("public", StringComparison.Ordinal));
        Assert.True(start >= 0, member);
        var index = Array.FindIndex(lines, start, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, text);
        return index + 1;
    }
}
