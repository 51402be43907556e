using System.Net;
using Dept.Core.Tracking;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

public sealed class EnvironmentHookTests
{
    private static DeptEndpointOptions? Parse(params (string Name, string Value)[] vars) =>
        DeptEndpoint.OptionsFromEnvironment(name => vars.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Unset_MeansNoEndpoint() => Assert.Null(Parse());

    [Fact]
    public void HostAndPort_AreRead()
    {
        var o = Parse(("DEPT_ENDPOINT", "127.0.0.1:5151"))!;
        Assert.Equal(("127.0.0.1", 5151, false, null), (o.Address, o.Port, o.AllowRemote, o.BearerToken));
    }

    [Fact]
    public void PortAlone_BindsLoopback_AndIPv6BracketsAreStripped()
    {
        Assert.Equal(("127.0.0.1", 6000), (Parse(("DEPT_ENDPOINT", "6000"))!.Address, Parse(("DEPT_ENDPOINT", "6000"))!.Port));
        Assert.Equal("::1", Parse(("DEPT_ENDPOINT", "[::1]:80"))!.Address);
    }

    [Fact]
    public void TokenAndAllowRemote_AreRead()
    {
        var o = Parse(("DEPT_ENDPOINT", "0.0.0.0:80"), ("DEPT_ENDPOINT_TOKEN", " abc "), ("DEPT_ENDPOINT_ALLOW_REMOTE", "1"))!;
        Assert.True(o.AllowRemote);
        Assert.Equal("abc", o.BearerToken);
    }

    [Fact]
    public void CertificateVariables_AreRead_ThePasswordUntrimmed()
    {
        var o = Parse(
            ("DEPT_ENDPOINT", "0.0.0.0:443"),
            ("DEPT_ENDPOINT_CERT", " /etc/dept/server.crt "),
            ("DEPT_ENDPOINT_CERT_KEY", "/etc/dept/server.key"),
            ("DEPT_ENDPOINT_CERT_PASSWORD", " pass phrase "),
            ("DEPT_ENDPOINT_ALLOW_INSECURE_REMOTE", "1"))!;
        Assert.Equal(("/etc/dept/server.crt", "/etc/dept/server.key", " pass phrase ", true), (o.CertificatePath, o.CertificateKeyPath, o.CertificatePassword, o.AllowInsecureRemote));
    }

    [Fact]
    public void CertificateVariablesUnsetOrEmpty_MeanPlainHttp()
    {
        var o = Parse(("DEPT_ENDPOINT", "5151"), ("DEPT_ENDPOINT_CERT", " "), ("DEPT_ENDPOINT_CERT_PASSWORD", ""))!;
        Assert.Equal((null, null, null, false), (o.CertificatePath, o.CertificateKeyPath, o.CertificatePassword, o.AllowInsecureRemote));
    }

    [Fact]
    public async Task CertificateFromTheVariables_ServesHttps()
    {
        using var files = new TestCertificates();
        using var certificate = TestCertificates.Valid();
        var options = Parse(("DEPT_ENDPOINT", "127.0.0.1:0"), ("DEPT_ENDPOINT_CERT", files.Pfx(certificate)), ("DEPT_ENDPOINT_CERT_PASSWORD", TestCertificates.Password))!;
        await using var endpoint = DeptEndpoint.Start(EngineGraphs.KnownCycles(), options);
        Assert.Equal("https", endpoint.Url.Scheme);
        using var client = TestCertificates.PinningClient(endpoint.Url, certificate, token: endpoint.Token);
        Assert.Contains("\"reportCount\":3", await client.GetStringAsync("/api/info"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:http")]
    [InlineData("127.0.0.1:99999")]
    public void MalformedAddress_IsAClearError(string value)
    {
        var ex = Assert.Throws<DeptEndpointException>(() => Parse(("DEPT_ENDPOINT", value)));
        Assert.Contains("expected host:port or port", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartFromEnvironment_ServesTheProcessWideEngine()
    {
        // Environment and DeptRuntime are process-wide: this is the only test touching them.
        var engine = EngineGraphs.KnownCycles();
        DeptRuntime.Install(engine);
        try
        {
            var announce = new StringWriter();
            await using var endpoint = DeptEndpoint.StartFromEnvironment(null, announce, name => name == "DEPT_ENDPOINT" ? "127.0.0.1:0" : null)!;
            // The hook's only way to hand over the per-run token: the address it prints, token in the fragment.
            Assert.Equal($"dept: endpoint at {endpoint.PageUrl} (the token in the address is this run's; API clients send it as X-Dept-Token)\n", announce.ToString());
            using var client = EndpointClients.For(endpoint);
            var response = await client.GetAsync("/api/info");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"reportCount\":3", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            DeptRuntime.Install(null);
        }
    }

    [Fact]
    public async Task StartFromEnvironment_WithATokenFromTheEnvironment_NeverPrintsIt()
    {
        const string token = "0123456789abcdef-environment";
        var announce = new StringWriter();
        await using var endpoint = DeptEndpoint.StartFromEnvironment(EngineGraphs.KnownCycles(), announce, name => name switch
        {
            "DEPT_ENDPOINT" => "127.0.0.1:0",
            "DEPT_ENDPOINT_TOKEN" => token,
            _ => null,
        })!;
        Assert.Equal($"dept: endpoint at {endpoint.Url} (open it as {endpoint.Url}#token=<value of $DEPT_ENDPOINT_TOKEN>)\n", announce.ToString());
        Assert.Equal(token, endpoint.Token);
    }
}
