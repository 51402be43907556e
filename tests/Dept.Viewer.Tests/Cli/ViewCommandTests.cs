using System.Text;
using System.Text.Json;
using Dept.Core.Dumps;
using Dept.Core.Snapshots;
using Dept.Viewer.Cli;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

public sealed class ViewCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Completes when the command prints its URL line.</summary>
    private sealed class UrlWriter : StringWriter
    {
        public TaskCompletionSource<Uri> Url { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            var at = value?.IndexOf(" at http", StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                Url.TrySetResult(new Uri(value![(at + 4)..]));
            }
        }
    }

    [Fact]
    public async Task View_ServesTheSavedReport_PrintsTheUrl_AndStopsCleanly()
    {
        var path = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var output = new UrlWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = ViewCommand.Run(path, new DeptEndpointOptions { Port = 0 }, openBrowser: false, output, new StringWriter(), stop.Token);
        var url = await output.Url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("127.0.0.1", url.Host);

        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        using var info = JsonDocument.Parse(await client.GetStringAsync("/api/info"));
        Assert.Equal("potential", info.RootElement.GetProperty("mode").GetString());
        Assert.Equal(3, info.RootElement.GetProperty("reportCount").GetInt32());
        Assert.Equal(ProcFormat.DeptDeps(DeptDocumentJson.ReadFile(path)), await client.GetStringAsync("/proc/dept_deps"));
        Assert.Contains("<title>Dept viewer</title>", await client.GetStringAsync("/"), StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task View_ReportWithHangs_ServesThem()
    {
        var path = _cli.Path("attach.json");
        DeptDocumentJson.WriteFile(HangGraphs.Document(EngineGraphs.NewEngine()), path);
        var output = new UrlWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = ViewCommand.Run(path, new DeptEndpointOptions { Port = 0 }, openBrowser: false, output, new StringWriter(), stop.Token);
        var url = await output.Url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("(0 classes, 0 cycles, 2 hangs) at http", output.ToString(), StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        using var info = JsonDocument.Parse(await client.GetStringAsync("/api/info"));
        Assert.Equal("actual", info.RootElement.GetProperty("mode").GetString());
        Assert.Equal(2, info.RootElement.GetProperty("hangCount").GetInt32());
        using var hangs = JsonDocument.Parse(await client.GetStringAsync("/api/hangs"));
        Assert.Equal([HangGraphs.LockThread, HangGraphs.HandleThread], hangs.RootElement.EnumerateArray().Select(h => h.GetProperty("thread").GetString()));
        Assert.Equal(6200, hangs.RootElement[0].GetProperty("waitedMs").GetInt64());

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task View_WithACertificate_ServesHttps()
    {
        var path = _cli.Save("report.json", EngineGraphs.KnownCycles());
        using var files = new TestCertificates();
        using var certificate = TestCertificates.Valid();
        var options = new DeptEndpointOptions { Port = 0, CertificatePath = files.Pfx(certificate), CertificatePassword = TestCertificates.Password };
        var output = new UrlWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = ViewCommand.Run(path, options, openBrowser: false, output, new StringWriter(), stop.Token);
        var url = await output.Url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("https", url.Scheme);

        using var client = TestCertificates.PinningClient(url, certificate);
        Assert.Contains("\"reportCount\":3", await client.GetStringAsync("/api/info"), StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void View_MissingCertificate_Exit1_NamingTheFile()
    {
        var path = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var missing = _cli.Path("missing.pfx");
        var (code, _, error) = CliRunner.Run("view", path, "--port", "0", "--no-browser", "--certificate", missing, "--certificate-password", "x");
        Assert.Equal(1, code);
        Assert.Equal($"dept view: certificate file '{missing}' does not exist\n", error);
    }

    [Fact]
    public async Task View_MalformedReport_Exit1_WithAClearError()
    {
        var bad = _cli.Write("bad.json", "not json");
        var error = new StringWriter();
        var code = await ViewCommand.Run(bad, new DeptEndpointOptions { Port = 0 }, false, new StringWriter(), error, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, code);
        Assert.Contains("bad.json: not valid JSON at line 1", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsEveryCommand()
    {
        var (_, stdout, _) = CliRunner.Run("--help");
        foreach (var name in new[] { "view", "export", "merge", "stats", "test", "rewrite", "attach" })
        {
            Assert.Contains("  " + name, stdout, StringComparison.Ordinal);
        }

        Assert.True(Encoding.UTF8.GetByteCount(stdout) > 0);
    }
}
