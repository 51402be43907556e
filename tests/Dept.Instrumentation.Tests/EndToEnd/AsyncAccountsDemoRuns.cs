using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// Builds and runs the async demos (#9) once per test class, with Dept attached as a user would
/// (<c>dotnet test -p:Dept=true</c>): demos/AsyncAccounts.Tests once, and demos/AsyncAccounts.Clean.Tests
/// <see cref="CleanRuns"/> times (parallel test classes, heavy contention), each writing its report into a fresh
/// directory. Builds go to an <c>--artifacts-path</c> under a temporary directory. A few minutes on 2 cores.
/// </summary>
public sealed class AsyncAccountsDemoRuns : IDisposable
{
    public const int CleanRuns = 5;

    public AsyncAccountsDemoRuns()
    {
        Root = Rewriting.CallSiteRewritingTests.SourceRoot();
        Temp = Path.Combine(Path.GetTempPath(), "dept-async-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Temp);
        var artifacts = Path.Combine(Temp, "artifacts");
        var cli = DotnetProcess.Run(Root, new Dictionary<string, string>(), "build", "Dept.Viewer/Dept.Viewer.csproj", "-c", AccountsDemoRuns.Configuration, "-v", "q", "-nologo");
        Assert.True(cli.ExitCode == 0, cli.Output);

        var buggyReports = Path.Combine(Temp, "buggy");
        Buggy = DotnetProcess.Run(
            Root,
            new Dictionary<string, string> { ["DEPT_REPORT_DIR"] = buggyReports, ["VSTEST_TESTHOST_SHUTDOWN_TIMEOUT"] = "10000" },
            "test", "demos/AsyncAccounts.Tests/AsyncAccounts.Tests.csproj", "-c", AccountsDemoRuns.Configuration, "--artifacts-path", artifacts, "-p:Dept=true", "-nologo");
        BuggyDocument = Read(buggyReports, Buggy.Output);

        for (var i = 0; i < CleanRuns; i++)
        {
            var reports = Path.Combine(Temp, $"clean-{i}");
            var run = DotnetProcess.Run(
                Root,
                new Dictionary<string, string> { ["DEPT_REPORT_DIR"] = reports, ["VSTEST_TESTHOST_SHUTDOWN_TIMEOUT"] = "10000" },
                [.. new[] { "test", "demos/AsyncAccounts.Clean.Tests/AsyncAccounts.Clean.Tests.csproj", "-c", AccountsDemoRuns.Configuration, "--artifacts-path", artifacts, "-p:Dept=true", "-nologo" }, .. i == 0 ? Array.Empty<string>() : ["--no-build"]]);
            Clean.Add((run.ExitCode, run.Output, Read(reports, run.Output)));
        }
    }

    public string Root { get; }

    public string Temp { get; }

    public (int ExitCode, string Output) Buggy { get; }

    public DeptDocument BuggyDocument { get; }

    public List<(int ExitCode, string Output, DeptDocument Document)> Clean { get; } = [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Temp, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static DeptDocument Read(string directory, string output)
    {
        var file = Path.Combine(directory, "dept-report.json");
        Assert.True(File.Exists(file), $"no report at {file}; run output:\n{output}");
        return DeptDocumentJson.ReadFile(file);
    }
}
