using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// Builds and runs the demos once per test class: <c>dotnet test -p:Dept=true</c> on demos/Accounts.Tests (the one
/// opt-in line in its project) and the zero-touch <c>dept test</c> on demos/Accounts.Clean.Tests, each writing its
/// report into a fresh directory. The demos build with <c>--artifacts-path</c> into that directory too, so these runs
/// never touch the demos' own bin/obj, which a concurrent <c>dotnet test Dept.sln</c> may be building or running.
/// About 30-90 s on 2 cores.
/// </summary>
public sealed class AccountsDemoRuns : IDisposable
{
    public AccountsDemoRuns()
    {
        Root = Rewriting.CallSiteRewritingTests.SourceRoot();
        Temp = Path.Combine(Path.GetTempPath(), "dept-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Temp);
        Artifacts = Path.Combine(Temp, "artifacts");
        var cli = DotnetProcess.Run(Root, new Dictionary<string, string>(), "build", "Dept.Viewer/Dept.Viewer.csproj", "-c", Configuration, "-v", "q", "-nologo");
        Assert.True(cli.ExitCode == 0, cli.Output);

        var buggyReports = Path.Combine(Temp, "accounts");
        Buggy = DotnetProcess.Run(
            Root,
            new Dictionary<string, string> { ["DEPT_REPORT_DIR"] = buggyReports, ["VSTEST_TESTHOST_SHUTDOWN_TIMEOUT"] = "10000" },
            "test", "demos/Accounts.Tests/Accounts.Tests.csproj", "-c", Configuration, "--artifacts-path", Artifacts, "-p:Dept=true", "-nologo");
        BuggyDocument = Read(buggyReports, Buggy.Output);

        var cleanReports = Path.Combine(Temp, "clean");
        Clean = DotnetProcess.Run(
            Root,
            new Dictionary<string, string>(),
            Path.Combine(Root, "Dept.Viewer", "bin", Configuration, "net10.0", "dept.dll"),
            "test", "demos/Accounts.Clean.Tests/Accounts.Clean.Tests.csproj", "--report-dir", cleanReports, "--", "-c", Configuration, "--artifacts-path", Artifacts, "-nologo");
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

    /// <summary>Gets the <c>--artifacts-path</c> of the demo builds.</summary>
    public string Artifacts { get; }

    /// <summary>The artifacts layout: <c>bin|obj/&lt;project&gt;/&lt;configuration&gt;</c>.</summary>
    public string Output(string kind, string project) => Path.Combine(Artifacts, kind, project, Configuration.ToLowerInvariant());

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
