using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dept.Core.Snapshots;
using Dept.Instrumentation.Tests.Patches.Rewritten;

namespace Dept.Instrumentation.Tests.Runtime;

/// <summary>
/// Repros 4, 5 and 8 of the reliability review (#13), end to end with the rewritten Dept.Patches.Targets as child
/// processes: processes sharing a report directory, an unwritable directory under fail-on-cycle, 2,000 cycles.
/// </summary>
public sealed partial class SharedReportDirectoryTests(RewrittenTargets targets) : IClassFixture<RewrittenTargets>
{
    [Fact]
    public async Task ThreeProcessesSharingAReportDirectory_LoseNoCycle()
    {
        var reports = Path.Combine(targets.Root, "reports-shared-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = Guid.NewGuid().ToString("N");
        var runs = Enumerable.Range(0, 3).Select(i => Task.Run(() => Run(reports, failOnCycle: false, ["ManyCycles"],
            ("TARGET_CYCLES", "400"), ("TARGET_PREFIX", "P" + i.ToString(CultureInfo.InvariantCulture)), ("DEPT_RUN_ID", runId), ("DEPT_QUIET", "true")))).ToList();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Equal(0, r.Exit));
        Assert.All(results, r => Assert.DoesNotContain("Exception", r.Output, StringComparison.Ordinal));
        var merged = DeptDocumentJson.ReadFile(Path.Combine(reports, "dept-report.json"));
        Assert.Equal(1200, merged.Reports.Count);
        Assert.Equal(1200, merged.Reports.Select(r => r.Fingerprint).Distinct().Count());
        var perProcess = Directory.GetFiles(reports, "dept-report.*.json");
        Assert.Equal(3, perProcess.Length);
        Assert.All(perProcess, p => Assert.Equal(400, DeptDocumentJson.ReadFile(p).Reports.Count));
        Assert.Empty(Directory.GetFiles(reports, "*tmp*"));
    }

    [Fact]
    public void ANewRun_ReplacesThePreviousRunsFiles_NotMergingStaleCycles()
    {
        var reports = Path.Combine(targets.Root, "reports-rerun-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(0, Run(reports, failOnCycle: false, ["ManyCycles"], ("TARGET_CYCLES", "3"), ("TARGET_PREFIX", "Old")).Exit);
        Assert.Equal(0, Run(reports, failOnCycle: false, ["ManyCycles"], ("TARGET_CYCLES", "2"), ("TARGET_PREFIX", "New")).Exit);

        var merged = DeptDocumentJson.ReadFile(Path.Combine(reports, "dept-report.json"));
        Assert.Equal(2, merged.Reports.Count);
        Assert.Single(Directory.GetFiles(reports, "dept-report.*.json"));
    }

    [Fact]
    public void FailOnCycle_UnwritableReportDirectory_StillExits2_AndNeverSaysNotTracking()
    {
        var (exit, output) = Run("/proc/nosuch/dept", failOnCycle: true, ["LockOrderInversion"]);

        Assert.Equal(2, exit);
        Assert.DoesNotContain("not tracking", output, StringComparison.Ordinal);
        Assert.Contains("could not write the run report", output, StringComparison.Ordinal);
        Assert.Contains("dept: FAILED: 1 cycle(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoThousandDistinctCycles_CostTheClosingThreadUnderOneSecondOfCpu_AndAllAreReported()
    {
        var reports = Path.Combine(targets.Root, "reports-many-" + Guid.NewGuid().ToString("N")[..8]);

        var (exit, output) = Run(reports, failOnCycle: false, ["ManyCycles"], ("TARGET_CYCLES", "2000"), ("DEPT_QUIET", "true"));

        Assert.Equal(0, exit);
        // CPU time the OS charged the program's own thread (not wall-clock): before #13 each cycle rewrote the whole
        // report on it, 34 s for 2,000 cycles.
        var cpuMs = int.Parse(CpuLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(cpuMs, 0, 999);
        Assert.Equal(2000, DeptDocumentJson.ReadFile(Path.Combine(reports, "dept-report.json")).Reports.Count);
    }

    [Fact]
    public async Task DeptRunReportsMerge_AfterTheRun_HoldsEveryProcessesCycles_EvenIfNoneMergedAtExit()
    {
        var reports = Path.Combine(targets.Root, "reports-after-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() => Run(reports, failOnCycle: false, ["ManyCycles"],
            ("TARGET_CYCLES", "7"), ("TARGET_PREFIX", "Q" + i.ToString(CultureInfo.InvariantCulture)), ("DEPT_RUN_ID", runId), ("DEPT_QUIET", "true")))));
        Assert.All(results, r => Assert.Equal(0, r.Exit));
        File.Delete(Path.Combine(reports, "dept-report.json")); // as if the last process had been killed before merging

        var merged = Dept.Instrumentation.Runtime.DeptRunReports.Merge(reports);

        Assert.Equal(14, merged!.Reports.Count);
        Assert.Equal(14, DeptDocumentJson.ReadFile(Path.Combine(reports, "dept-report.json")).Reports.Count);
        Assert.Contains("  cycles:       14\n", File.ReadAllText(Path.Combine(reports, "dept-summary.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoProcessesRunningAnUnmodelledCall_MergedRunReportKeepsItsReason_AndSumsItsCount()
    {
        // RunMerge once dropped the reason of unmodelled calls (#10, mended after i10 landed): two processes of one
        // run, each with a cycle (so the merge really imports both) and three SpinWait.SpinUntil calls.
        var reports = Path.Combine(targets.Root, "reports-reason-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() => Run(reports, failOnCycle: false, ["ManyCycles", "SpinUntilThrice"],
            ("TARGET_CYCLES", "1"), ("TARGET_PREFIX", "R" + i.ToString(CultureInfo.InvariantCulture)), ("DEPT_RUN_ID", runId), ("DEPT_QUIET", "true")))));
        Assert.All(results, r => Assert.True(r.Exit == 0, r.Output));

        var perProcess = Directory.GetFiles(reports, "dept-report.*.json").Select(p => DeptDocumentJson.ReadFile(p)).ToList();
        Assert.Equal(2, perProcess.Count);
        static bool Thrice(DeptUninstrumentedCall u) => u.Api == "SpinWait.SpinUntil" && u.Location.Contains("SpinUntilThrice", StringComparison.Ordinal);
        Assert.All(perProcess, d => Assert.Equal(3, Assert.Single(d.Uninstrumented, Thrice).Count));
        var merged = DeptDocumentJson.ReadFile(Path.Combine(reports, "dept-report.json"));
        Assert.Equal(2, merged.Reports.Count);
        var call = Assert.Single(merged.Uninstrumented, Thrice);
        Assert.Equal(6, call.Count);
        Assert.Equal("the event the condition waits for is unknown", call.Reason);
        // In a run's own order: the calls that ran first, so the summary's first lines are those.
        Assert.Equal(merged.Uninstrumented.OrderByDescending(static u => u.Count), merged.Uninstrumented);
        Assert.Contains("SpinWait.SpinUntil at " + call.Location + " x6: the event the condition waits for is unknown",
            File.ReadAllText(Path.Combine(reports, "dept-summary.txt")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"closing thread cpu (\d+) ms")]
    private static partial Regex CpuLine();

    private (int Exit, string Output) Run(string reports, bool failOnCycle, string[] scenarios, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(targets.AppPath);
        foreach (var scenario in scenarios)
        {
            start.ArgumentList.Add(scenario);
        }

        foreach (var name in start.Environment.Keys.Where(static k => k.StartsWith("DEPT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DEPT_REPORT_DIR"] = reports;
        start.Environment["DEPT_FAIL_ON_CYCLE"] = failOnCycle ? "true" : "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "the instrumented process did not exit");
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
