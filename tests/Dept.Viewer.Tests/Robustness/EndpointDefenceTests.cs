using System.Net;
using System.Net.Sockets;
using System.Text;
using Dept.Core.Snapshots;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Sources;
using Dept.Viewer.Tests.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>Repros 6, 11 and 18 of the reliability review (#13): DNS rebinding, IPv4-mapped loopback, blank tokens.</summary>
public sealed class EndpointDefenceTests(EndpointFixture fixture) : IClassFixture<EndpointFixture>
{
    [Theory]
    [InlineData("evil.example.com")]
    [InlineData("evil.example.com:5151")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("localhost.evil.example")]
    [InlineData("2130706433")]
    public async Task DnsRebinding_ForeignHostHeader_Gets421_NotTheGraph(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/graph");
        request.Headers.Host = host;
        using var response = await fixture.Client.SendAsync(request);
        await JsonAssert.Error(response, HttpStatusCode.MisdirectedRequest, "loopback");
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:80")]
    [InlineData("dept.localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3:9")]
    [InlineData("[::1]:5151")]
    public async Task LoopbackHostHeader_IsServed(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        request.Headers.Host = host;
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CrossOriginRequest_Gets403_SameOriginIsServed()
    {
        using var evil = new HttpRequestMessage(HttpMethod.Get, "/api/graph");
        evil.Headers.Add("Origin", "http://evil.example.com");
        await JsonAssert.Error(await fixture.Client.SendAsync(evil), HttpStatusCode.Forbidden, "cross-origin");

        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/graph");
        own.Headers.Add("Origin", fixture.Endpoint.Url.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task RawRebindingRequest_OverTheSocket_Gets421()
    {
        // What the browser of a rebinding attack sends: the attacker's name as Host, to our loopback port.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Endpoint.Url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/graph HTTP/1.1\r\nHost: evil.example.com\r\nOrigin: http://evil.example.com\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("HTTP/1.1 421", text, StringComparison.Ordinal);
        Assert.DoesNotContain(EngineGraphs.Orders, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv4MappedLoopback_IsServedOnIpv4Loopback_NotACrash()
    {
        await using var endpoint = DeptEndpoint.Start(fixture.Engine, new DeptEndpointOptions { Address = "::ffff:127.0.0.1", Port = 0 });
        using var client = EndpointClients.For(endpoint);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/info")).StatusCode);
        Assert.Equal("127.0.0.1", endpoint.Url.Host);
    }

    [Fact]
    public async Task Ipv4MappedLoopback_ViaTheCli_ServesAndStopsCleanly()
    {
        using var cli = new Cli.CliRunner();
        var report = cli.Save("good.json", EngineGraphs.KnownCycles());
        var output = new StringWriter();
        var error = new StringWriter();
        using var cancel = new CancellationTokenSource();
        var run = Cli.CliRunner.InvokeAsync(output, error, cancel.Token, "view", report, "--no-browser", "--address", "::ffff:127.0.0.1", "--port", "0");
        Assert.True(SpinWait.SpinUntil(() => output.ToString().Contains("Serving", StringComparison.Ordinal) || run.IsCompleted, TimeSpan.FromSeconds(60)), error.ToString());
        cancel.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("                ")]
    [InlineData("   padded-token-0123456789   ")]
    [InlineData("control\u0001characters-0123456789")]
    public void BlankOrPaddedToken_IsRefused(string token)
    {
        var ex = Assert.Throws<DeptEndpointException>(() => DeptEndpoint.Start(fixture.Engine, new DeptEndpointOptions { Port = 0, BearerToken = token }));
        Assert.Contains("bearer token is blank", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlankTokenVariable_IsRefused_NotSilentlyIgnored()
    {
        var options = DeptEndpoint.OptionsFromEnvironment(name => name switch
        {
            DeptEndpoint.AddressVariable => "127.0.0.1:0",
            DeptEndpoint.TokenVariable => "   ",
            _ => null,
        })!;
        var ex = Assert.Throws<DeptEndpointException>(() => DeptEndpoint.Start(fixture.Engine, options));
        Assert.Contains("bearer token is blank", ex.Message, StringComparison.Ordinal);

        var (code, _, err) = Cli.CliRunner.Run("view", "missing.json", "--token", "                ");
        Assert.Equal(1, code);
        Assert.Contains("missing.json", err, StringComparison.Ordinal); // the report is read first; then the token:
        using var cli = new Cli.CliRunner();
        var report = cli.Save("good.json", EngineGraphs.KnownCycles());
        (code, _, err) = Cli.CliRunner.Run("view", report, "--no-browser", "--port", "0", "--token", "                ");
        Assert.Equal(1, code);
        Assert.Contains("bearer token is blank", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyClientsOnOneRevision_RenderOnce_AndEveryRequestIsAnsweredOr503()
    {
        var document = LargeReports.Create(classes: 3000, edgesPerClass: 4, cycles: 50);
        var source = new DocumentSource(document, "large.json");
        await using var endpoint = DeptEndpoint.Start(source, new DeptEndpointOptions { Port = 0, MaxQueuedRenders = 2 });
        using var client = EndpointClients.For(endpoint, TimeSpan.FromSeconds(120));
        string[] paths = ["/api/graph", "/api/export/dot", "/api/export/graphml", "/api/export/dgml", "/api/export/json", "/proc/dept_deps"];

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await client.GetAsync(paths[i % paths.Length]);
            var body = await response.Content.ReadAsByteArrayAsync();
            return (response.StatusCode, body.Length, Path: paths[i % paths.Length]);
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{r.Path}: {r.StatusCode}"));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        // Each whole-graph response of a revision was rendered at most once, however many clients asked (all fit the cache).
        Assert.InRange(endpoint.Responses.Renders, 1, paths.Length);
        var again = await client.GetAsync("/api/graph");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(responses.Where(r => r.Path == "/api/graph" && r.StatusCode == HttpStatusCode.OK).Select(r => r.Length).DefaultIfEmpty((int)again.Content.Headers.ContentLength!.Value).First(), (int)again.Content.Headers.ContentLength!.Value);
    }
}
