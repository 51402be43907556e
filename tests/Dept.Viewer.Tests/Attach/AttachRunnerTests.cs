using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Viewer.Attach;
using Dept.Viewer.Cli;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Attach;

// End to end: a child process with no Dept code really deadlocks; dept attach observes it through EventPipe.
public sealed class AttachRunnerTests : IDisposable
{
    private readonly string _json = Path.Combine(Path.GetTempPath(), $"dept-attach-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_json);

    [Theory]
    [InlineData("monitor")]
    [InlineData("lock-monitor")]
    public async Task TwoThreadsTwoLocks_ReportedAsActualDeadlock_WithTheRightOwners(string mode)
    {
        using var target = await TargetProcess.StartAsync(mode);
        long x = await target.ThreadIdAsync("x"), y = await target.ThreadIdAsync("y");
        using var attach = await RunningAttach.StartAsync(new AttachOptions { ProcessId = target.Id, JsonPath = _json });
        target.Go();

        await attach.WaitForOutputAsync("*** ACTUAL DEADLOCK ***");
        Assert.Equal(ExitCode.CycleFound, await attach.StopAsync());

        var report = Assert.Single(DeptDocumentJson.ReadFile(_json) is { Mode: DeptDocumentMode.Actual } d ? d.Reports : []);
        Assert.Equal(DeptReportKind.ActualDeadlock, report.Kind);
        Assert.Equal(2, report.Contexts.Count);
        Assert.Contains(report.Contexts, c => Is(c, "x", x));
        Assert.Contains(report.Contexts, c => Is(c, "y", y));
        // Each thread waits for a lock held by the other one, and the two locks differ.
        Assert.Contains(report.Contexts, c => Is(c, "x", x) && c.Wait.Note!.Contains($"held by thread {y},", StringComparison.Ordinal));
        Assert.Contains(report.Contexts, c => Is(c, "y", y) && c.Wait.Note!.Contains($"held by thread {x},", StringComparison.Ordinal));
        Assert.Equal(2, report.Contexts.Select(c => c.Wait.ClassId).Distinct().Count());
        Assert.Contains(report.Notes, n => n.Contains("not a potential deadlock", StringComparison.Ordinal));
        // ClrMD stacks need ptrace (root here); without it the attach degrades to a warning, never to an error.
        Assert.True(
            report.Contexts.All(c => c.Wait.Stack.Any(f => f.Contains("Scenarios", StringComparison.Ordinal)))
            || attach.Error.Text.Contains("warning: could not read the stacks", StringComparison.Ordinal),
            attach.Error.Text);
    }

    [Fact]
    public async Task Snapshot_NamesLocksByField_ThreadsByName_FramesWithLines_AndFillsStartAndEvent()
    {
        using var target = await TargetProcess.StartAsync("named");
        long x = await target.ThreadIdAsync("x"), y = await target.ThreadIdAsync("y");
        using var attach = await RunningAttach.StartAsync(new AttachOptions { ProcessId = target.Id, JsonPath = _json });
        target.Go();

        await attach.WaitForOutputAsync("*** ACTUAL DEADLOCK ***");
        Assert.Equal(ExitCode.CycleFound, await attach.StopAsync());
        Assert.DoesNotContain("warning: could not read the stacks", attach.Error.Text, StringComparison.Ordinal); // root here: ptrace works

        var report = Assert.Single(DeptDocumentJson.ReadFile(_json).Reports);
        Assert.Contains(report.Contexts, c => c.Thread == $"ledger-post (OS thread {x})");
        Assert.Contains(report.Contexts, c => c.Thread == $"ledger-audit (OS thread {y})");
        var locks = report.Contexts.Select(c => c.Wait.ClassName).Order(StringComparer.Ordinal).ToList();
        Assert.StartsWith("Dept.Attach.Target.Ledger._balance (System.Object) lock 0x", locks[0], StringComparison.Ordinal);
        Assert.StartsWith("Dept.Attach.Target.Ledger.s_journal (System.Object) lock 0x", locks[1], StringComparison.Ordinal);
        var source = File.ReadAllLines(LedgerSource());
        foreach (var context in report.Contexts)
        {
            // The blocked inner lock statement, from the PDB; [S] and [E] point at the same frame of user code.
            Assert.Equal("Ledger.cs", Path.GetFileName(context.Wait.Location!.File));
            Assert.Contains("lock (", source[context.Wait.Location.Line - 1], StringComparison.Ordinal);
            Assert.Equal(context.Wait.Location, context.Start.Location);
            Assert.Equal(context.Wait.Location, context.Event.Location);
            Assert.Contains(context.Wait.Stack, f => f.StartsWith("Dept.Attach.Target.Ledger.", StringComparison.Ordinal) && f.EndsWith($"(Ledger.cs:{context.Wait.Location.Line})", StringComparison.Ordinal));
        }
    }

    /// <summary>The context's thread: <c>name (OS thread N)</c> when the snapshot read its name, else <c>OS thread N</c>.</summary>
    private static bool Is(DeptReportContext context, string name, long osThreadId) =>
        context.Thread == $"{name} (OS thread {osThreadId})" || context.Thread == $"OS thread {osThreadId}";

    private static string LedgerSource([System.Runtime.CompilerServices.CallerFilePath] string self = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(self)!, "..", "..", "Dept.Attach.Target", "Ledger.cs"));

    [Fact]
    public async Task NoClrMd_ReportsWithoutStacks()
    {
        using var target = await TargetProcess.StartAsync("monitor");
        using var attach = await RunningAttach.StartAsync(new AttachOptions { ProcessId = target.Id, JsonPath = _json, UseClrMd = false });
        target.Go();
        await attach.WaitForOutputAsync("*** ACTUAL DEADLOCK ***");
        Assert.Equal(ExitCode.CycleFound, await attach.StopAsync());
        Assert.All(Assert.Single(DeptDocumentJson.ReadFile(_json).Reports).Contexts, c => Assert.Empty(c.Wait.Stack));
    }

    [Theory]
    [InlineData("monitor")]
    [InlineData("lock-monitor")]
    public async Task AlreadyDeadlockedBeforeTheAttach_FoundInTheStacks(string mode)
    {
        using var target = await TargetProcess.StartAsync(mode);
        long x = await target.ThreadIdAsync("x"), y = await target.ThreadIdAsync("y");
        target.Go();
        await target.WaitUntilBlockedAsync(x, y); // Both are asleep in their second lock: no event will come again.

        using var attach = await RunningAttach.StartAsync(new AttachOptions { ProcessId = target.Id, JsonPath = _json });
        await attach.WaitForOutputAsync("*** ACTUAL DEADLOCK ***");
        Assert.Equal(ExitCode.CycleFound, await attach.StopAsync());

        var report = Assert.Single(DeptDocumentJson.ReadFile(_json).Reports);
        Assert.Contains(report.Contexts, c => Is(c, "x", x) && c.Wait.Note!.Contains($"held by thread {y} (since before the attach", StringComparison.Ordinal));
        Assert.Contains(report.Contexts, c => Is(c, "y", y) && c.Wait.Note!.Contains($"held by thread {x} (since before the attach", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThreadBlockedOnTaskWhoseBodyNeedsItsLock_ReportedThroughTheTask()
    {
        using var target = await TargetProcess.StartAsync("task-lock");
        var x = await target.ThreadIdAsync("x");
        using var attach = await RunningAttach.StartAsync(new AttachOptions { ProcessId = target.Id, JsonPath = _json });
        target.Go();
        var pool = await target.ThreadIdAsync("pool");

        await attach.WaitForOutputAsync("*** ACTUAL DEADLOCK ***");
        Assert.Equal(ExitCode.CycleFound, await attach.StopAsync());

        var report = Assert.Single(DeptDocumentJson.ReadFile(_json).Reports);
        Assert.Contains(report.Contexts, c => Is(c, "x", x) && c.Wait.Function == "Task.Wait");
        Assert.Contains(report.Contexts, c => Is(c, ".NET TP Worker", pool) && c.Wait.Note!.Contains($"held by thread {x},", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_ShowsTheActualDeadlockInTheViewerEndpoint()
    {
        using var target = await TargetProcess.StartAsync("monitor");
        using var attach = await RunningAttach.StartAsync(new AttachOptions { ProcessId = target.Id, Serve = true, Endpoint = { Port = 0 } });
        target.Go();
        await attach.WaitForOutputAsync("*** ACTUAL DEADLOCK ***");

        var url = attach.Output.Text.Split('\n').Single(l => l.StartsWith("dept: viewer at ", StringComparison.Ordinal))["dept: viewer at ".Length..].Trim();
        using var http = EndpointClients.For(new Uri(url), EndpointClients.PrintedToken(attach.Output.Text), TargetProcess.Bound);
        Assert.Contains("*** ACTUAL DEADLOCK ***", await http.GetStringAsync(new Uri("proc/dept_reports", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("\"actual\"", await http.GetStringAsync(new Uri("api/info", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("lock 0x", await http.GetStringAsync(new Uri("api/graph", UriKind.Relative)), StringComparison.Ordinal); // Locks are the graph's classes.
        Assert.Equal(ExitCode.CycleFound, await attach.StopAsync());
    }

    [Fact]
    public async Task Serve_WithATokenFromTheEnvironment_DataNeedsIt_AndItIsNotPrinted()
    {
        const string token = "0123456789abcdef-attach-token";
        using var target = await TargetProcess.StartAsync("idle");
        var options = new AttachOptions { ProcessId = target.Id, Serve = true, UseClrMd = false, Endpoint = { Port = 0, BearerToken = token }, TokenFromEnvironment = true };
        using var attach = await RunningAttach.StartAsync(options);

        var url = attach.Output.Text.Split('\n').Single(l => l.StartsWith("dept: viewer at ", StringComparison.Ordinal))["dept: viewer at ".Length..].Trim();
        Assert.Contains($"dept: Token required: open {url}#token=<value of $DEPT_ENDPOINT_TOKEN> (not printed", attach.Output.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, attach.Output.Text + attach.Error.Text, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TargetProcess.Bound };
        using (var refused = await http.GetAsync(new Uri("api/info", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Contains("\"actual\"", await http.GetStringAsync(new Uri("api/info", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(ExitCode.Clean, await attach.StopAsync());
    }

    [Fact]
    public async Task WaitNobodySignals_ListedAsHang_ExitCodeClean()
    {
        using var target = await TargetProcess.StartAsync("hang");
        var x = await target.ThreadIdAsync("x");
        using var attach = await RunningAttach.StartAsync(new AttachOptions { ProcessId = target.Id, HangThreshold = TimeSpan.FromMilliseconds(300) });
        target.Go();

        await attach.WaitForOutputAsync($"HANG (observed): thread {x} waits on a wait handle");
        Assert.Equal(ExitCode.Clean, await attach.StopAsync());
        Assert.DoesNotContain("ACTUAL DEADLOCK", attach.Output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetExitsDuringAttach_CleanMessage_ExitCodeError()
    {
        using var target = await TargetProcess.StartAsync("idle");
        using var attach = await RunningAttach.StartAsync(new AttachOptions { ProcessId = target.Id });
        target.Exit();
        await target.WaitForExitAsync();

        Assert.Equal(ExitCode.Error, await attach.Run.WaitAsync(TargetProcess.Bound));
        Assert.Contains($"process {target.Id} (dotnet) exited during the attach", attach.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessThatIsNotDotnet_ClearError()
    {
        using var sleep = System.Diagnostics.Process.Start("sleep", "60");
        try
        {
            var error = new CollectingWriter();
            var code = await Task.Run(() => new AttachRunner(new AttachOptions { ProcessId = sleep.Id }, new CollectingWriter(), error).Run(CancellationToken.None));

            Assert.Equal(ExitCode.Error, code);
            Assert.Contains($"process {sleep.Id} (sleep) is not a .NET process", error.Text, StringComparison.Ordinal);
        }
        finally
        {
            sleep.Kill();
        }
    }

    [Theory]
    [InlineData(0, "--pid must be a positive process id")]
    [InlineData(int.MaxValue, "no process with id 2147483647")]
    public void BadPid_ClearError(int pid, string message)
    {
        var error = new CollectingWriter();
        Assert.Equal(ExitCode.Error, new AttachRunner(new AttachOptions { ProcessId = pid }, new CollectingWriter(), error).Run(CancellationToken.None));
        Assert.Contains(message, error.Text, StringComparison.Ordinal);
    }
}
