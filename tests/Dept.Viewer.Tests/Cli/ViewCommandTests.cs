using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dept.Core.Dumps;
using Dept.Core.Snapshots;
using Dept.Viewer.Cli;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

public sealed class ViewCommandTests : IDisposable
{
    private const string Token = "0123456789abcdef-cli-token";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Completes with the URL of the command's serving line once it has printed all its start-up lines.</summary>
    private sealed class UrlWriter : StringWriter
    {
        private Uri? _url;

        public TaskCompletionSource<Uri> Url { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The access token of the page address the command printed.</summary>
        public string Token => EndpointClients.PrintedToken(ToString());

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            var at = value?.IndexOf(" at http", StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                _url = new Uri(value![(at + 4)..]);
            }

            if (value == "Press Ctrl+C to stop." && _url is not null)
            {
                Url.TrySetResult(_url);
            }
        }
    }

    [Fact]
    public async Task View_ServesTheSavedReport_PrintsTheUrl_AndStopsCleanly()
    {
        var path = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var output = new UrlWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = ViewCommand.Run(path, new DeptEndpointOptions { Port = 0 }, tokenFromEnvironment: false, openBrowser: false, output, new StringWriter(), stop.Token);
        var url = await output.Url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("127.0.0.1", url.Host);

        using var client = EndpointClients.For(url, output.Token);
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
        var run = ViewCommand.Run(path, new DeptEndpointOptions { Port = 0 }, tokenFromEnvironment: false, openBrowser: false, output, new StringWriter(), stop.Token);
        var url = await output.Url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("(0 classes, 0 cycles, 2 hangs) at http", output.ToString(), StringComparison.Ordinal);

        using var client = EndpointClients.For(url, output.Token);
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
        var run = ViewCommand.Run(path, options, tokenFromEnvironment: false, openBrowser: false, output, new StringWriter(), stop.Token);
        var url = await output.Url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("https", url.Scheme);

        using var client = TestCertificates.PinningClient(url, certificate, token: output.Token);
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
        var code = await ViewCommand.Run(bad, new DeptEndpointOptions { Port = 0 }, false, false, new StringWriter(), error, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, code);
        Assert.Contains("bad.json: not valid JSON at line 1", error.ToString(), StringComparison.Ordinal);
    }

    // The remote policy is the endpoint's (DeptEndpointOptions.Validate), checked before anything binds; 192.0.2.10
    // (TEST-NET-1) is never a local address, so even a policy that wrongly let it through would serve nothing.
    [Theory]
    [InlineData("--address 192.0.2.10",
        "refusing to bind 192.0.2.10: the endpoint binds loopback only unless AllowRemote is set (DEPT_ENDPOINT_ALLOW_REMOTE=1, --allow-remote) and a bearer token given")]
    [InlineData("--address 192.0.2.10 --allow-remote",
        "refusing to bind 192.0.2.10 without a bearer token: set BearerToken (DEPT_ENDPOINT_TOKEN, --token) to bind a non-loopback address")]
    [InlineData("--address 192.0.2.10 --allow-remote --token " + Token,
        "refusing to bind 192.0.2.10 over plain HTTP: the bearer token would cross the network in clear text. Set CertificatePath (DEPT_ENDPOINT_CERT, --certificate) to serve HTTPS, or AllowInsecureRemote (DEPT_ENDPOINT_ALLOW_INSECURE_REMOTE=1, --allow-insecure-remote) if a TLS proxy or tunnel sits in front")]
    [InlineData("--token short", "the bearer token must have at least 16 characters")]
    [InlineData("--address example.org", "endpoint address 'example.org' is not an IP address (use e.g. 127.0.0.1 or 0.0.0.0)")]
    public async Task View_RefusedRemoteOptions_Exit1_WithTheEndpointsMessage_NothingServed(string options, string message)
    {
        var path = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var (output, error) = (new StringWriter(), new StringWriter { NewLine = "\n" });
        // Bounded: a command that wrongly served would run until cancelled, then exit 0 and fail the assertion.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await CliRunner.InvokeAsync(output, error, bound.Token, ["view", path, "--port", "0", "--no-browser", .. options.Split(' ')]);
        Assert.Equal(1, code);
        Assert.Equal($"dept view: {message}\n", error.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public async Task View_WithTokenOption_DataRoutesNeedTheBearerToken_AndTheUrlToOpenCarriesIt()
    {
        var path = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var output = new UrlWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = CliRunner.InvokeAsync(output, new StringWriter(), stop.Token, "view", path, "--port", "0", "--no-browser", "--token", Token);
        var url = await output.Url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("127.0.0.1", url.Host);
        Assert.Contains($"\nToken required: open {url}#token={Token} (API clients send X-Dept-Token: <token> or Authorization: Bearer <token>)", output.ToString(), StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        using (var refused = await client.GetAsync("/api/info"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var page = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode); // the page shell carries no data
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var info = JsonDocument.Parse(await client.GetStringAsync("/api/info"));
        Assert.Equal(3, info.RootElement.GetProperty("reportCount").GetInt32());

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task View_WithoutAToken_PrintsThePageAddressWithAPerRunToken_ThatTheDataRoutesNeed()
    {
        var path = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var output = new UrlWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = CliRunner.InvokeAsync(output, new StringWriter(), stop.Token, "view", path, "--port", "0", "--no-browser");
        var url = await output.Url.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var token = output.Token;
        Assert.Matches("^[0-9a-f]{48}$", token);
        Assert.Contains($"\nOpen {url}#token={token} (the token is this run's", output.ToString(), StringComparison.Ordinal);

        using var anonymous = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        await JsonAssert.Error(await anonymous.GetAsync("/api/graph"), HttpStatusCode.Forbidden, "access token");
        await JsonAssert.Error(await anonymous.GetAsync("/proc/dept_deps"), HttpStatusCode.Forbidden, "access token");
        using var client = EndpointClients.For(url, token);
        Assert.Contains("\"reportCount\":3", await client.GetStringAsync("/api/info"), StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    // In its own process, so the variable is the child's alone. Without --no-browser: the token from the environment
    // must not be handed to a browser's command line either, so none is opened.
    [Fact]
    public async Task View_TokenFromTheEnvironment_IsRequired_AndNeverPrinted()
    {
        var path = _cli.Save("report.json", EngineGraphs.KnownCycles());
        using var dept = DeptProcess.Start(new Dictionary<string, string?> { [DeptEndpoint.TokenVariable] = Token }, "view", path, "--port", "0");
        await dept.WaitForOutputAsync("Press Ctrl+C to stop.");
        await dept.WaitForOutputAsync("not opening a browser");
        var serving = dept.Output.Split('\n').Single(l => l.StartsWith("Serving ", StringComparison.Ordinal));
        var url = new Uri(serving[(serving.IndexOf(" at http", StringComparison.Ordinal) + 4)..]);
        Assert.Contains($"Token required: open {url}#token=<value of $DEPT_ENDPOINT_TOKEN> (not printed: it came from the environment)", dept.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, dept.Output, StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        using (var refused = await client.GetAsync("/api/info"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Contains("\"reportCount\":3", await client.GetStringAsync("/api/info"), StringComparison.Ordinal);
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
