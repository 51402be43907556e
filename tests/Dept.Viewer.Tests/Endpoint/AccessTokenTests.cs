using System.Net;
using System.Net.Http.Headers;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

/// <summary>
/// The per-run access token (#13): without a configured token the endpoint makes one at random; data routes answer
/// 403 without it or with a wrong one and 200 with it (header, bearer or query); the page shell and the counters-only
/// routes need none.
/// </summary>
public sealed class AccessTokenTests(EndpointFixture fixture) : IClassFixture<EndpointFixture>
{
    private static readonly string[] DataRoutes =
        ["/api/info", "/api/graph", "/api/classes", "/api/reports", "/api/export/dot", "/proc/dept_deps", "/proc/dept_reports"];

    [Fact]
    public void WithoutAConfiguredToken_EachEndpointMakesItsOwnRandomToken_GivenInThePageAddress()
    {
        using var other = DeptEndpoint.Start(fixture.Engine, new DeptEndpointOptions { Port = 0 });
        Assert.True(fixture.Endpoint.TokenIsPerRun);
        Assert.Matches("^[0-9a-f]{48}$", fixture.Endpoint.Token);
        Assert.NotEqual(fixture.Endpoint.Token, other.Token);
        Assert.Equal($"{fixture.Endpoint.Url}#token={fixture.Endpoint.Token}", fixture.Endpoint.PageUrl.ToString());
    }

    [Fact]
    public async Task DataRoutes_WithoutTheToken_Get403()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Endpoint.Url, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var route in DataRoutes)
        {
            await JsonAssert.Error(await anonymous.GetAsync(route), HttpStatusCode.Forbidden, "missing or wrong access token");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("0000")]
    public async Task AWrongOrBlankToken_Gets403(string suffixOrBlank)
    {
        var wrong = suffixOrBlank.Length == 0 || suffixOrBlank == " " ? suffixOrBlank : fixture.Endpoint.Token[..^4] + suffixOrBlank;
        if (wrong == fixture.Endpoint.Token)
        {
            wrong = fixture.Endpoint.Token[..^4] + "ffff";
        }

        using var anonymous = Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/graph");
        request.Headers.TryAddWithoutValidation("X-Dept-Token", wrong);
        await JsonAssert.Error(await anonymous.SendAsync(request), HttpStatusCode.Forbidden, "access token");
        await JsonAssert.Error(await anonymous.GetAsync("/api/graph?token=" + Uri.EscapeDataString(wrong)), HttpStatusCode.Forbidden, "access token");
    }

    [Fact]
    public async Task TheRightToken_Gets200_AsHeaderBearerOrQuery()
    {
        using var anonymous = Anonymous();
        foreach (var route in DataRoutes)
        {
            using var header = new HttpRequestMessage(HttpMethod.Get, route);
            header.Headers.Add("X-Dept-Token", fixture.Endpoint.Token);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(header)).StatusCode);
        }

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/graph");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Endpoint.Token);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(bearer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/proc/dept_deps?token=" + fixture.Endpoint.Token)).StatusCode);
    }

    [Fact]
    public async Task TwoCarriersThatDisagree_AreRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/graph?token=" + new string('0', 48));
        request.Headers.Add("X-Dept-Token", fixture.Endpoint.Token);
        using var anonymous = Anonymous();
        await JsonAssert.Error(await anonymous.SendAsync(request), HttpStatusCode.Forbidden, "access token");
    }

    [Fact]
    public async Task ThePageShellAndTheCountersOnlyRoutes_NeedNoPerRunToken()
    {
        // No data in them: the shell is HTML/JS/CSS, the counters hold no class name or path, and a Prometheus
        // scraper cannot know a token that changes every run.
        using var anonymous = Anonymous();
        foreach (var route in new[] { "/", "/assets/viewer.js", "/metrics", "/proc/dept_stats" })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(route)).StatusCode);
        }
    }

    [Fact]
    public async Task WithAConfiguredToken_EvenCountersNeedIt_And401SaysBearer()
    {
        const string token = "0123456789abcdef-configured";
        await using var endpoint = DeptEndpoint.Start(fixture.Engine, new DeptEndpointOptions { Port = 0, BearerToken = token });
        Assert.False(endpoint.TokenIsPerRun);
        Assert.Equal(token, endpoint.Token);
        using var anonymous = new HttpClient { BaseAddress = endpoint.Url, Timeout = TimeSpan.FromSeconds(30) };
        var refused = await anonymous.GetAsync("/metrics");
        await JsonAssert.Error(refused, HttpStatusCode.Unauthorized, "bearer token");
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        using var client = EndpointClients.For(endpoint);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
    }

    private HttpClient Anonymous() => new() { BaseAddress = fixture.Endpoint.Url, Timeout = TimeSpan.FromSeconds(30) };
}
