using System.Diagnostics;
using Dept.Core.Snapshots;
using Dept.Instrumentation.Tests.Patches.Rewritten;

namespace Dept.Instrumentation.Tests.Runtime;

/// <summary>
/// The run-time of an instrumented process, end to end: the rewritten Dept.Patches.Targets runs as a child process
/// with only environment settings; the module initializer starts tracking, and at exit the summary is printed and
/// dept-report.json / dept-summary.txt are written; fail-on-cycle turns a cycle into exit code 2.
/// </summary>
public sealed class InstrumentedProcessTests : IClassFixture<RewrittenTargets>
{
    private readonly RewrittenTargets _targets;

    public InstrumentedProcessTests(RewrittenTargets targets) => _targets = targets;

    [Fact]
    public void CycleWithFailOnCycle_PrintsSummaryWritesReportAndExitsWith2()
    {
        var reports = Path.Combine(_targets.Root, "reports-fail");

        var (exit, output) = Run(reports, failOnCycle: true, "LockOrderInversion", "SignalAndWait");

        Assert.Equal(2, exit);
        var document = DeptDocumentJson.ReadFile(Path.Combine(reports, "dept-report.json"));
        var report = Assert.Single(document.Reports);
        Assert.Contains("  cycles:       1\n", output, StringComparison.Ordinal);
        Assert.Contains($"DEADLOCK {report.Fingerprint}", output, StringComparison.Ordinal);
        Assert.Contains("Dept.Patches.Targets.Account._sync", output, StringComparison.Ordinal);
        Assert.Contains("WaitHandle.SignalAndWait at Dept.Patches.Targets.Scenarios.SignalAndWait (Scenarios.cs:", output, StringComparison.Ordinal);
        Assert.Contains("dept: FAILED: 1 cycle(s)", output, StringComparison.Ordinal);
        Assert.Contains(document.Uninstrumented, static u => u.Api == "WaitHandle.SignalAndWait" && u.Count == 1);
        Assert.Equal("Dept.Patches.Targets", document.Source);
        Assert.True(File.Exists(Path.Combine(reports, "dept-failed.txt")));
        Assert.Equal(output[output.IndexOf("dept: Dept.Patches.Targets", StringComparison.Ordinal)..], File.ReadAllText(Path.Combine(reports, "dept-summary.txt")));
    }

    [Fact]
    public void UnmodelledCallsRan_SummaryAndReportSayHowOften_FirstLineNeverClaimsFullCoverage()
    {
        var reports = Path.Combine(_targets.Root, "reports-coverage");

        var (exit, output) = Run(reports, failOnCycle: false, "SpinUntilThrice");

        Assert.Equal(0, exit);
        var summary = File.ReadAllText(Path.Combine(reports, "dept-summary.txt"));
        Assert.StartsWith("dept: Dept.Patches.Targets (partial coverage: 3 unmodelled blocking call(s) ran)\n", summary, StringComparison.Ordinal);
        Assert.Contains("  uninstrumented calls: 3 run(s) at 1 site(s) Dept does not model\n", summary, StringComparison.Ordinal);
        var line = RewrittenTargets.LineOf("Scenarios.Framework.cs", "SpinWait.SpinUntil(");
        Assert.Contains($"    SpinWait.SpinUntil at Dept.Patches.Targets.Scenarios.SpinUntilThrice (Scenarios.Framework.cs:{line}) x3: the event the condition waits for is unknown\n", summary, StringComparison.Ordinal);
        Assert.Contains("WaitHandle.SignalAndWait at Dept.Patches.Targets.Scenarios.SignalAndWait (Scenarios.cs:", summary, StringComparison.Ordinal);
        Assert.Contains("(did not run)", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("uninstrumented calls: none", summary, StringComparison.Ordinal);

        var document = DeptDocumentJson.ReadFile(Path.Combine(reports, "dept-report.json"));
        var spin = Assert.Single(document.Uninstrumented, static u => u.Api == "SpinWait.SpinUntil");
        Assert.Equal(3, spin.Count);
        Assert.Equal("the event the condition waits for is unknown", spin.Reason);
        Assert.Contains(document.Uninstrumented, static u => u.Api == "WaitHandle.SignalAndWait" && u.Count == 0);
        Assert.Equal(spin, document.Uninstrumented[0]); // what ran comes first
        Assert.Contains("\"reason\": \"the event the condition waits for is unknown\"", File.ReadAllText(Path.Combine(reports, "dept-report.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void CleanRun_ExitsZero_ReportHasNoCycles()
    {
        var reports = Path.Combine(_targets.Root, "reports-clean");

        var (exit, output) = Run(reports, failOnCycle: true, "LockOrderConsistent", "MethodGroupSet");

        Assert.Equal(0, exit);
        Assert.Contains("  cycles:       0\n", output, StringComparison.Ordinal);
        var document = DeptDocumentJson.ReadFile(Path.Combine(reports, "dept-report.json"));
        Assert.Empty(document.Reports);
        Assert.NotEmpty(document.Dependencies);
        Assert.False(File.Exists(Path.Combine(reports, "dept-failed.txt")));
    }

    [Fact]
    public void CycleWithoutFailOnCycle_ExitsZero_StillReports()
    {
        var reports = Path.Combine(_targets.Root, "reports-nofail");

        var (exit, output) = Run(reports, failOnCycle: false, "TcsUnderLock");

        Assert.Equal(0, exit);
        Assert.Contains("  cycles:       1\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void DisabledByEnvironment_WritesNothing()
    {
        var reports = Path.Combine(_targets.Root, "reports-off");

        var (exit, output) = Run(reports, failOnCycle: true, "LockOrderInversion", ("DEPT_ENABLED", "false"));

        Assert.Equal(0, exit);
        Assert.DoesNotContain("cycles:", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(reports));
    }

    private (int Exit, string Output) Run(string reports, bool failOnCycle, params object[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(_targets.AppPath);
        foreach (var arg in args.OfType<string>())
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(static k => k.StartsWith("DEPT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DEPT_REPORT_DIR"] = reports;
        start.Environment["DEPT_FAIL_ON_CYCLE"] = failOnCycle ? "true" : "false";
        foreach (var (name, value) in args.OfType<(string, string)>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the instrumented process did not exit");
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
