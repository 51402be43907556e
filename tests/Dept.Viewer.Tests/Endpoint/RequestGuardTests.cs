using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

public sealed class RequestGuardTests(EndpointFixture fixture) : IClassFixture<EndpointFixture>
{
    [Fact]
    public async Task Post_IsRefused_TheEndpointIsReadOnly()
    {
        using var response = await fixture.Client.PostAsync("/api/graph", null);
        await JsonAssert.Error(response, HttpStatusCode.MethodNotAllowed, "read-only");
        Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task OversizedUrl_Gives414WithJsonError()
    {
        using var response = await fixture.Client.GetAsync("/api/classes?search=" + new string('x', 5000));
        await JsonAssert.Error(response, HttpStatusCode.RequestUriTooLong, "the limit is 4096");
    }

    [Fact]
    public async Task HugeUrl_IsRefusedByKestrelBeforeRouting()
    {
        // Past Kestrel's own request-line limit the connection gets a bare 414 (no body can be read that far).
        using var response = await fixture.Client.GetAsync("/api/classes?search=" + new string('x', 20_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task RequestBody_Gives413WithJsonError()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/graph") { Content = new ByteArrayContent(new byte[100_000]) };
        using var response = await fixture.Client.SendAsync(request);
        await JsonAssert.Error(response, HttpStatusCode.RequestEntityTooLarge, "accepts no request body");
    }

    [Fact]
    public async Task OversizedHeaders_AreRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        request.Headers.Add("X-Big", new string('y', 40_000));
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task BearerToken_IsRequiredForDataButNotForThePageShell()
    {
        const string token = "0123456789abcdef-test-token";
        await using var endpoint = DeptEndpoint.Start(fixture.Engine, new DeptEndpointOptions { Port = 0, BearerToken = token });
        using var client = new HttpClient { BaseAddress = endpoint.Url, Timeout = TimeSpan.FromSeconds(30) };

        await JsonAssert.Error(await client.GetAsync("/api/graph"), HttpStatusCode.Unauthorized, "bearer token");
        await JsonAssert.Error(await client.GetAsync("/proc/dept_deps"), HttpStatusCode.Unauthorized, "bearer token");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
        await JsonAssert.Error(await client.SendAsync(wrong), HttpStatusCode.Unauthorized, "bearer token");
        using var wrongHeader = new HttpRequestMessage(HttpMethod.Get, "/api/graph");
        wrongHeader.Headers.Add("X-Dept-Token", token + "x");
        await JsonAssert.Error(await client.SendAsync(wrongHeader), HttpStatusCode.Unauthorized, "bearer token");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/assets/viewer.js")).StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await JsonAssert.Ok(await client.GetAsync("/api/graph"));
    }

    [Theory]
    [InlineData("0.0.0.0", false, null, "binds loopback only unless AllowRemote is set")]
    [InlineData("0.0.0.0", true, null, "without a bearer token")]
    [InlineData("192.0.2.10", true, "short", "at least 16 characters")]
    [InlineData("not-an-ip", false, null, "is not an IP address")]
    public void NonLoopbackOrBadOptions_RefuseToStart(string address, bool allowRemote, string? token, string message)
    {
        var ex = Assert.Throws<DeptEndpointException>(() =>
            DeptEndpoint.Start(fixture.Engine, new DeptEndpointOptions { Address = address, Port = 0, AllowRemote = allowRemote, BearerToken = token }));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PortInUse_GivesAClearError()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var ex = Assert.Throws<DeptEndpointException>(() => DeptEndpoint.Start(fixture.Engine, new DeptEndpointOptions { Port = port }));
        Assert.Contains($"could not listen on 127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_ReturnsHeadersWithoutBody()
    {
        using var response = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/graph"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Encoding.UTF8.WebName, response.Content.Headers.ContentType?.CharSet);
    }
}
