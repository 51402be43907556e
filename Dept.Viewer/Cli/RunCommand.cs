using System.CommandLine;
using System.Diagnostics;
using Dept.Core.Snapshots;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>dept run &lt;project&gt; [options] [-- app args]</c> (#14): builds a console app or service with Dept's rewriting on,
/// without editing it (the same injected targets as <c>dept test</c>), and runs it. The app's stdout is its own and
/// stays byte-identical: the build log and Dept's summary go to stderr, the report to <c>--report-dir</c>.
/// Exit code: the app's own (with <c>--fail-on-cycle</c>, <c>--fail-exit-code</c> when a cycle was found), or 1 when
/// the build failed.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var project = new Argument<string>("project") { Description = "The application's project (.csproj) or its directory." };
        var appArgs = new Argument<string[]>("app-args") { Arity = ArgumentArity.ZeroOrMore, Description = "Arguments after -- go to the application." };
        var configuration = new Option<string>("--configuration", "-c") { Description = "Build configuration.", DefaultValueFactory = _ => "Debug" };
        var failOnCycle = new Option<bool>("--fail-on-cycle") { Description = "Exit with --fail-exit-code when a cycle is found (DEPT_FAIL_ON_CYCLE)." };
        var failExitCode = new Option<int>("--fail-exit-code") { Description = "The exit code of a run failed on a cycle, 1-255 (DEPT_FAIL_EXIT_CODE).", DefaultValueFactory = _ => 2 };
        failExitCode.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 255)
            {
                r.AddError("--fail-exit-code must be from 1 to 255 (0 would not fail the run).");
            }
        });
        var reportDir = new Option<string?>("--report-dir") { Description = "Where the run writes dept-report.json (default: <project>/TestResults/dept)." };
        var targets = new Option<string?>("--targets") { Description = "DeptZeroTouch.targets to inject (default: found beside dept or in the Dept source tree)." };
        var command = new Command("run", "Build an application with Dept's rewriting on and run it; its stdout is untouched, Dept writes to stderr and the report.")
        {
            project, appArgs, configuration, failOnCycle, failExitCode, reportDir, targets,
        };
        command.SetAction(r => Run(
            r.GetValue(project)!, r.GetValue(appArgs) ?? [], r.GetValue(configuration)!, r.GetValue(failOnCycle), r.GetValue(failExitCode), r.GetValue(reportDir), r.GetValue(targets)));
        return command;
    }

    private static int Run(string project, string[] appArgs, string configuration, bool failOnCycle, int failExitCode, string? reportDir, string? targets)
    {
        var path = Path.GetFullPath(project);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Console.Error.WriteLine($"dept run: error: {project} does not exist.");
            return (int)ExitCode.Error;
        }

        var targetsFile = targets is null ? TestCommand.FindTargets() : Path.GetFullPath(targets);
        if (targetsFile is null || !File.Exists(targetsFile))
        {
            Console.Error.WriteLine("dept run: error: DeptZeroTouch.targets not found; pass --targets <path>/Dept.Instrumentation/build/DeptZeroTouch.targets.");
            return (int)ExitCode.Error;
        }

        // Build first, its whole log on stderr: stdout belongs to the application.
        var build = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { "build", path, "-c", configuration, "-nologo" }.Concat(TestCommand.DeptProperties(targetsFile)))
        {
            build.ArgumentList.Add(arg);
        }

        using (var builder = Process.Start(build)!)
        {
            builder.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    Console.Error.WriteLine(e.Data);
                }
            };
            builder.BeginOutputReadLine();
            builder.WaitForExit();
            if (builder.ExitCode != 0)
            {
                Console.Error.WriteLine($"dept run: error: the build failed (dotnet build exited with {builder.ExitCode}).");
                return (int)ExitCode.Error;
            }
        }

        var projectDir = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        var reports = Path.GetFullPath(reportDir ?? Path.Combine(projectDir, "TestResults", "dept"));
        var run = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in new[] { "run", "--no-build", "--no-launch-profile", "--project", path, "-c", configuration, "--" }.Concat(appArgs))
        {
            run.ArgumentList.Add(arg);
        }

        run.Environment["DEPT_REPORT_DIR"] = reports;
        // Its own run (#13): an earlier run's per-process files in the folder are not merged into this one's report.
        run.Environment[Dept.Instrumentation.Runtime.DeptRunReports.RunIdVariable] = Guid.NewGuid().ToString("N");
        if (failOnCycle)
        {
            run.Environment["DEPT_FAIL_ON_CYCLE"] = "true";
            run.Environment["DEPT_FAIL_EXIT_CODE"] = failExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var start = DateTime.UtcNow;
        using var app = Process.Start(run)!;
        app.WaitForExit();
        var report = Path.Combine(reports, "dept-report.json");
        if (File.Exists(report) && File.GetLastWriteTimeUtc(report) >= start)
        {
            var document = DeptDocumentJson.ReadFile(report);
            Console.Error.WriteLine($"dept run: {ReportConsole.Counts(document)}; report: {report}{(document.Reports.Count > 0 ? $" (dept show {report})" : string.Empty)}");
        }
        else
        {
            Console.Error.WriteLine($"dept run: no Dept report was written at {report}: did the application use anything Dept instruments?");
        }

        return app.ExitCode;
    }
}
