using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// Builds and runs the demos once per test class: <c>dotnet test -p:Dept=true</c> on demos/Accounts.Tests (the one
/// opt-in line in its project) and the zero-touch <c>dept test</c> on demos/Accounts.Clean.Tests, each writing its
/// report into a fresh directory. About 20-40 s on 2 cores.
/// </summary>
public sealed class AccountsDemoRuns : IDisposable
{
    public AccountsDemoRuns()
    {
        Root = Rewriting.CallSiteRewritingTests.SourceRoot();
        Temp = Path.Combine(Path.GetTempPath(), "dept-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Temp);
        var cli = DotnetProcess.Run(Root, new Dictionary<string, string>(), "build", "Dept.Viewer/Dept.Viewer.csproj", "-v", "q", "-nologo");
        Assert.True(cli.ExitCode == 0, cli.Output);

        var buggyReports = Path.Combine(Temp, "accounts");
        Buggy = DotnetProcess.Run(
            Root,
            new Dictionary<string, string> { ["DEPT_REPORT_DIR"] = buggyReports, ["VSTEST_TESTHOST_SHUTDOWN_TIMEOUT"] = "10000" },
            "test", "demos/Accounts.Tests/Accounts.Tests.csproj", "-p:Dept=true", "-nologo");
        BuggyDocument = Read(buggyReports, Buggy.Output);

        var cleanReports = Path.Combine(Temp, "clean");
        Clean = DotnetProcess.Run(
            Root,
            new Dictionary<string, string>(),
            Path.Combine(Root, "Dept.Viewer", "bin", Configuration, "net10.0", "dept.dll"),
            "test", "demos/Accounts.Clean.Tests/Accounts.Clean.Tests.csproj", "--report-dir", cleanReports, "--", "-nologo");
        CleanDocument = Read(cleanReports, Clean.Output);
    }

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public string Root { get; }

    public string Temp { get; }

    public (int ExitCode, string Output) Buggy { get; }

    public DeptDocument BuggyDocument { get; }

    public (int ExitCode, string Output) Clean { get; }

    public DeptDocument CleanDocument { get; }

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
