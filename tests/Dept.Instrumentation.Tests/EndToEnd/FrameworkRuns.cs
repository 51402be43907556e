using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// One framework's two runs, in its own folder of the workspace. An opt-in project first runs the plain
/// <c>dotnet test -p:Dept=true -p:DeptFailOnCycle=true</c> (build, rewrite, run, fail), then <c>dept test</c> without
/// fail-on-cycle (an incremental build through the injected targets). A zero-touch project runs
/// <c>dept test --fail-on-cycle</c> (the whole build), then <c>dept test -- --no-build</c>.
/// </summary>
public sealed class FrameworkRuns
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    internal FrameworkRuns(GeneratedWorkspace workspace, TestFramework framework)
    {
        var group = Path.Combine(workspace.Temp, framework.Group);
        var project = Path.Combine(group, framework.Name);
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, framework.Name + ".csproj"), framework.Project(workspace.Cli, workspace.Targets));
        Source = framework.Tests;
        File.WriteAllText(Path.Combine(project, "AbbaTests.cs"), Source);

        var failing = workspace.Reports(framework.Name + "-fail");
        var config = AccountsDemoRuns.Configuration;
        var environment = new Dictionary<string, string> { ["DEPT_REPORT_DIR"] = failing, ["VSTEST_TESTHOST_SHUTDOWN_TIMEOUT"] = "10000" };
        Failing = framework.OptIn
            ? DotnetProcess.Run(group, environment, "test", project, "-c", config, "-p:Dept=true", "-p:DeptFailOnCycle=true")
            : DotnetProcess.Run(group, NoEnvironment, workspace.Cli, "test", project, "--fail-on-cycle", "--report-dir", failing, "--", "-c", config);
        FailingDocument = GeneratedWorkspace.Read(failing, Failing.Output);

        var passing = workspace.Reports(framework.Name + "-pass");
        string[] more = framework.OptIn ? ["-c", config] : ["-c", config, "--no-build"];
        Passing = DotnetProcess.Run(group, NoEnvironment, [workspace.Cli, "test", project, "--report-dir", passing, "--", .. more]);
        PassingDocument = GeneratedWorkspace.Read(passing, Passing.Output);
        OptIn = framework.OptIn;
    }

    public bool OptIn { get; }

    public string Source { get; }

    /// <summary>Gets the run with fail-on-cycle on.</summary>
    public (int ExitCode, string Output) Failing { get; }

    public DeptDocument FailingDocument { get; }

    /// <summary>Gets the <c>dept test</c> run with fail-on-cycle off.</summary>
    public (int ExitCode, string Output) Passing { get; }

    public DeptDocument PassingDocument { get; }
}
