namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// Which rewriter CLI the MSBuild targets run (<c>_DeptChooseCli</c>): in the repository layout the ReadyToRun copy
/// that Dept.Viewer's build publishes beside the CLI, unless it is older than the CLI; a <c>DeptCliPath</c> set by
/// the user as given; a copy without its <c>dept.ready</c> stamp (still being published) never. Runs the target alone through <c>dotnet msbuild -getProperty</c> (no compile).
/// </summary>
public sealed class CliChoiceTests : IDisposable
{
    private readonly string _root = Rewriting.CallSiteRewritingTests.SourceRoot();
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "dept-cli-" + Guid.NewGuid().ToString("N"));

    public CliChoiceTests() => Directory.CreateDirectory(_temp);

    [Fact]
    public void ReadyToRunCopy_AtLeastAsNewAsTheCli_IsPreferred()
    {
        var (cli, readyToRun) = FakeClis(cliAge: TimeSpan.FromHours(2), readyToRunAge: TimeSpan.FromHours(1));
        Assert.Equal(readyToRun, Choose($"-p:DeptCliPath={cli}", $"-p:_DeptCliReadyToRun={readyToRun}"));
    }

    [Fact]
    public void ReadyToRunCopy_OlderThanTheCli_IsNotUsed()
    {
        var (cli, readyToRun) = FakeClis(cliAge: TimeSpan.FromHours(1), readyToRunAge: TimeSpan.FromHours(2));
        Assert.Equal(cli, Choose($"-p:DeptCliPath={cli}", $"-p:_DeptCliReadyToRun={readyToRun}"));
    }

    [Fact]
    public void ReadyToRunCopy_StillBeingPublished_IsNotUsed()
    {
        var (cli, readyToRun) = FakeClis(cliAge: TimeSpan.FromHours(2), readyToRunAge: TimeSpan.FromHours(1));
        File.Delete(Path.Combine(Path.GetDirectoryName(readyToRun)!, "dept.ready"));
        Assert.Equal(cli, Choose($"-p:DeptCliPath={cli}", $"-p:_DeptCliReadyToRun={readyToRun}"));
    }

    [Fact]
    public void UserCliPath_IsUsedAsGiven()
    {
        var (cli, _) = FakeClis(cliAge: TimeSpan.FromHours(1), readyToRunAge: TimeSpan.Zero);
        Assert.Equal(cli, Choose($"-p:DeptCliPath={cli}"));
    }

    [Fact]
    public void RepositoryLayout_UsesItsReadyToRunCopyWhenCurrent()
    {
        var bin = Path.Combine(_root, "Dept.Viewer", "bin", AccountsDemoRuns.Configuration, "net10.0");
        var cli = Path.Combine(bin, "dept.dll");
        var readyToRun = Path.Combine(bin, "r2r", "dept.dll");
        var stamp = Path.Combine(bin, "r2r", "dept.ready");

        // The test run builds the whole solution in parallel, so Dept.Viewer's build may publish (or re-stamp) the
        // ReadyToRun copy while the target runs: the expectation is only judged when the layout did not change
        // under the call. It settles once the publish is done; a layout that never settles fails the test.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var before = Layout(cli, readyToRun, stamp);
            var chosen = Choose();
            if (before != Layout(cli, readyToRun, stamp))
            {
                continue;
            }

            var current = before.ReadyToRunExists && before.Stamp is { } stamped && stamped >= before.Cli;
            Assert.Equal(current ? readyToRun : cli, chosen);
            return;
        }

        Assert.Fail("The CLI layout under Dept.Viewer/bin changed during each of 20 runs of the target.");
    }

    private static (DateTime Cli, bool ReadyToRunExists, DateTime? Stamp) Layout(string cli, string readyToRun, string stamp) =>
        (File.GetLastWriteTimeUtc(cli), File.Exists(readyToRun), File.Exists(stamp) ? File.GetLastWriteTimeUtc(stamp) : null);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private (string Cli, string ReadyToRun) FakeClis(TimeSpan cliAge, TimeSpan readyToRunAge)
    {
        var cli = Path.Combine(_temp, "dept.dll");
        var readyToRun = Path.Combine(_temp, "r2r", "dept.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(readyToRun)!);
        File.WriteAllText(cli, "cli");
        File.WriteAllText(readyToRun, "r2r");
        var now = DateTime.Now;
        File.SetLastWriteTime(cli, now - cliAge);
        File.SetLastWriteTime(readyToRun, now - readyToRunAge);
        var stamp = Path.Combine(_temp, "r2r", "dept.ready");
        File.WriteAllText(stamp, string.Empty);
        File.SetLastWriteTime(stamp, now - readyToRunAge);
        return (cli, readyToRun);
    }

    private string Choose(params string[] properties)
    {
        var run = DotnetProcess.Run(
            _root,
            new Dictionary<string, string>(),
            ["msbuild", "demos/Accounts.Tests/Accounts.Tests.csproj", "-t:_DeptChooseCli", "-getProperty:_DeptCliRun", "-p:Dept=true", $"-p:Configuration={AccountsDemoRuns.Configuration}", "-nologo", .. properties]);
        Assert.True(run.ExitCode == 0, run.Output);
        return run.Output.Trim();
    }
}
