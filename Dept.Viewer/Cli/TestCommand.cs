using System.CommandLine;
using System.Diagnostics;
using Dept.Core.Snapshots;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>dept test &lt;project&gt; [--fail-on-cycle [--fail-exit-code N]] [-- dotnet test args]</c>: the zero-touch way to run a test project you
/// may not edit under Dept. It runs <c>dotnet test</c> with <c>-p:Dept=true</c> and Dept's MSBuild targets injected
/// through <c>CustomAfterMicrosoftCommonTargets</c>, then reads the JSON report and prints each cycle in full with its
/// advice (docs/how-to/attach-to-a-test-run.md). Works for VSTest and Microsoft.Testing.Platform projects alike.
/// Exit code: 2 when a cycle was reported, 1 when the tests or the build failed, else 0.
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var project = new Argument<string>("project") { Description = "The test project (.csproj) or its directory." };
        var passThrough = new Argument<string[]>("dotnet-test-args") { Arity = ArgumentArity.ZeroOrMore, Description = "Arguments after -- go to dotnet test." };
        var failOnCycle = new Option<bool>("--fail-on-cycle") { Description = "Make the test run fail when a cycle is found (DEPT_FAIL_ON_CYCLE)." };
        var failExitCode = new Option<int?>("--fail-exit-code") { Description = "The test host's exit code when it fails on a cycle, 1-255 (DEPT_FAIL_EXIT_CODE; default 2)." };
        failExitCode.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 255)
            {
                r.AddError("--fail-exit-code must be from 1 to 255 (0 would not fail the run).");
            }
        });
        var reportDir = new Option<string?>("--report-dir") { Description = "Where the run writes dept-report.json (default: <project>/TestResults/dept)." };
        var targets = new Option<string?>("--targets") { Description = "DeptZeroTouch.targets to inject (default: found beside dept or in the Dept source tree)." };
        var command = new Command("test", "Build a test project with Dept's rewriting on and run it: `dotnet test -p:Dept=true` without editing it.")
        {
            project, passThrough, failOnCycle, failExitCode, reportDir, targets,
        };
        command.SetAction(r => Run(
            r.GetValue(project)!, r.GetValue(passThrough) ?? [], r.GetValue(failOnCycle), r.GetValue(failExitCode), r.GetValue(reportDir), r.GetValue(targets)));
        return command;
    }

    private static int Run(string project, string[] extra, bool failOnCycle, int? failExitCode, string? reportDir, string? targets)
    {
        var path = Path.GetFullPath(project);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Console.Error.WriteLine($"dept test: error: {project} does not exist.");
            return (int)ExitCode.Error;
        }

        var targetsFile = targets is null ? FindTargets() : Path.GetFullPath(targets);
        if (targetsFile is null || !File.Exists(targetsFile))
        {
            Console.Error.WriteLine("dept test: error: DeptZeroTouch.targets not found; pass --targets <path>/Dept.Instrumentation/build/DeptZeroTouch.targets.");
            return (int)ExitCode.Error;
        }

        var projectDir = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        var reports = Path.GetFullPath(reportDir ?? Path.Combine(projectDir, "TestResults", "dept"));
        var start = DateTime.UtcNow;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in new[] { "test", path }.Concat(DeptProperties(targetsFile)).Append("-p:DeptShowSummary=false").Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DEPT_REPORT_DIR"] = reports;
        // One run id for every test host of this run: they share the merged report, and an earlier run's files go (#13).
        info.Environment[Dept.Instrumentation.Runtime.DeptRunReports.RunIdVariable] = Guid.NewGuid().ToString("N");

        // vstest kills the test host 100 ms after the run; the host writes Dept's report at exit, so give it time.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VSTEST_TESTHOST_SHUTDOWN_TIMEOUT")))
        {
            info.Environment["VSTEST_TESTHOST_SHUTDOWN_TIMEOUT"] = "10000";
        }
        if (failOnCycle)
        {
            info.Environment["DEPT_FAIL_ON_CYCLE"] = "true";
        }

        if (failExitCode is { } code)
        {
            info.Environment["DEPT_FAIL_EXIT_CODE"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        MergeRunReports(reports);
        return Verdict(process.ExitCode, Path.Combine(reports, "dept-report.json"), start);
    }

    /// <summary>
    /// The documented exit code: 2 a cycle was reported, 0 clean, 1 anything else (whatever <c>dotnet test</c> returned).
    /// Also appends the Markdown job summary to <paramref name="summary"/> (default: <c>GITHUB_STEP_SUMMARY</c>, #15).
    /// </summary>
    internal static int Verdict(int testExit, string report, DateTime start, string? summary = null)
    {
        if (!File.Exists(report) || File.GetLastWriteTimeUtc(report) < start)
        {
            Console.Error.WriteLine($"dept test: no Dept report was written at {report}: was anything instrumented?");
            return (int)ExitCode.Error;
        }

        var document = ReportFiles.TryRead(report, "test", Console.Error);
        if (document is null)
        {
            return (int)ExitCode.Error;
        }

        // Each cycle in full, with its advice (the build log's copy of the summary is turned off: DeptShowSummary).
        if (document.Reports.Count > 0)
        {
            Console.Out.Write('\n');
            ReportConsole.Write(Console.Out, document.Reports, ReportConsole.UseColour("auto", Console.Out));
            Console.Out.Write('\n');
        }

        if (testExit != 0)
        {
            Console.WriteLine($"dept test: dotnet test exited with {testExit}");
        }

        Console.WriteLine($"dept test: {ReportConsole.Counts(document)}; report: {report}");
        if (document.Reports.Count > 0)
        {
            Console.WriteLine($"dept test: dept show {report} prints them again; dept view {report} draws the graph");
        }

        JobSummary.TryAppend(Sources.DocumentAdapter.ToView(document, report, document.Mode.ToString().ToLowerInvariant(), 0), report, Console.Error, summary);

        if (document.Reports.Count > 0)
        {
            return (int)ExitCode.CycleFound;
        }

        return testExit == 0 ? (int)ExitCode.Clean : (int)ExitCode.Error;
    }

    /// <summary>The properties that turn Dept on in a build the user's project knows nothing about (also <c>dept run</c>).</summary>
    internal static string[] DeptProperties(string targetsFile) =>
        ["-p:Dept=true", "-p:DeptZeroTouch=true", $"-p:CustomAfterMicrosoftCommonTargets={targetsFile}", $"-p:DeptCliPath={typeof(TestCommand).Assembly.Location}"];

    // Every test host merged at its exit; merging again after the run covers a host killed before it could (#13).
    private static void MergeRunReports(string reports)
    {
        try
        {
            Dept.Instrumentation.Runtime.DeptRunReports.Merge(reports);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DeptDocumentException)
        {
            Console.Error.WriteLine($"dept test: could not merge the run's per-process reports in {reports}: {ex.Message}");
        }
    }

    /// <summary>Beside the CLI (a packaged tool), else up the tree from it (this repository).</summary>
    internal static string? FindTargets()
    {
        var here = AppContext.BaseDirectory;
        var beside = Path.Combine(here, "build", "DeptZeroTouch.targets");
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Dept.Instrumentation", "build", "DeptZeroTouch.targets");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
