using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

/// <summary>HTTPS on the endpoint: certificate files, the errors for unusable ones, and the remote-needs-TLS policy.</summary>
public sealed class TlsTests : IDisposable
{
    private const string Token = "0123456789abcdef-tls-token";
    private readonly TestCertificates _files = new();
    private readonly X509Certificate2 _certificate = TestCertificates.Valid();

    public void Dispose()
    {
        _certificate.Dispose();
        _files.Dispose();
    }

    private static DeptEndpoint Start(DeptEndpointOptions options)
    {
        options.Port = 0;
        return DeptEndpoint.Start(EngineGraphs.KnownCycles(), options);
    }

    private static async Task AssertServesInfo(DeptEndpoint endpoint, X509Certificate2 pinned, string? token = null)
    {
        var seen = new ConcurrentQueue<string>();
        using var client = TestCertificates.PinningClient(endpoint.Url, pinned, seen, token ?? endpoint.Token);
        var body = await client.GetStringAsync("/api/info");
        Assert.Contains("\"reportCount\":3", body, StringComparison.Ordinal);
        Assert.Equal(pinned.GetCertHashString(HashAlgorithmName.SHA256), Assert.Single(seen.Distinct()));
    }

    private static DeptEndpointException Refused(DeptEndpointOptions options) => Assert.Throws<DeptEndpointException>(() => Start(options));

    [Fact]
    public async Task Pfx_ServesHttps_ToAClientPinningTheCertificate()
    {
        var pfx = _files.Pfx(_certificate);
        await using var endpoint = Start(new DeptEndpointOptions { CertificatePath = pfx, CertificatePassword = TestCertificates.Password });

        Assert.Equal("https", endpoint.Url.Scheme);
        Assert.Equal("127.0.0.1", endpoint.Url.Host);
        await AssertServesInfo(endpoint, _certificate);
    }

    [Fact]
    public async Task PlainHttp_ToTheHttpsPort_Fails()
    {
        await using var endpoint = Start(new DeptEndpointOptions { CertificatePath = _files.Pfx(_certificate), CertificatePassword = TestCertificates.Password });
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var plain = new UriBuilder(endpoint.Url) { Scheme = "http" }.Uri;

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(plain, "/api/info")));
    }

    [Fact]
    public async Task UnpinnedClient_RefusesTheSelfSignedCertificate()
    {
        // The pin is what makes a self-signed certificate trusted: a default client must refuse it.
        await using var endpoint = Start(new DeptEndpointOptions { CertificatePath = _files.Pfx(_certificate), CertificatePassword = TestCertificates.Password });
        using var client = new HttpClient { BaseAddress = endpoint.Url, Timeout = TimeSpan.FromSeconds(30) };

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/api/info"));
        Assert.IsType<AuthenticationException>(ex.InnerException);
    }

    [Fact]
    public async Task PemCertificateAndKeyFiles_ServeHttps()
    {
        var options = new DeptEndpointOptions { CertificatePath = _files.PemCertificate(_certificate), CertificateKeyPath = _files.PemKey(_certificate) };
        await using var endpoint = Start(options);
        await AssertServesInfo(endpoint, _certificate);
    }

    [Fact]
    public async Task PemBundle_AndEncryptedPemKey_ServeHttps()
    {
        await using (var bundle = Start(new DeptEndpointOptions { CertificatePath = _files.PemBundle(_certificate) }))
        {
            await AssertServesInfo(bundle, _certificate);
        }

        var encrypted = new DeptEndpointOptions
        {
            CertificatePath = _files.PemCertificate(_certificate),
            CertificateKeyPath = _files.PemKey(_certificate, TestCertificates.Password, "encrypted.key"),
            CertificatePassword = TestCertificates.Password,
        };
        await using var endpoint = Start(encrypted);
        await AssertServesInfo(endpoint, _certificate);
    }

    [Fact]
    public async Task LoadedCertificate_ServesHttps_AndStaysUsableAfterTheEndpointStops()
    {
        await using (var endpoint = Start(new DeptEndpointOptions { Certificate = _certificate }))
        {
            await AssertServesInfo(endpoint, _certificate);
        }

        // The caller owns a certificate it passed in: the endpoint must not have disposed it.
        Assert.True(_certificate.HasPrivateKey);
        Assert.NotNull(_certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task BearerTokenOverHttps_IsStillRequired()
    {
        await using var endpoint = Start(new DeptEndpointOptions { CertificatePath = _files.Pfx(_certificate), CertificatePassword = TestCertificates.Password, BearerToken = Token });
        using (var anonymous = TestCertificates.PinningClient(endpoint.Url, _certificate))
        {
            await JsonAssert.Error(await anonymous.GetAsync("/api/info"), HttpStatusCode.Unauthorized, "bearer token");
        }

        await AssertServesInfo(endpoint, _certificate, Token);
    }

    [Fact]
    public void MissingFile_NamesTheFile()
    {
        var path = Path.Combine(_files.Dir, "no-such.pfx");
        var ex = Refused(new DeptEndpointOptions { CertificatePath = path });
        Assert.Equal($"certificate file '{path}' does not exist", ex.Message);
    }

    [Fact]
    public void MissingKeyFile_NamesTheKeyFile()
    {
        var key = Path.Combine(_files.Dir, "no-such.key");
        var ex = Refused(new DeptEndpointOptions { CertificatePath = _files.PemCertificate(_certificate), CertificateKeyPath = key });
        Assert.Equal($"certificate key file '{key}' does not exist", ex.Message);
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData(null)]
    public void WrongOrMissingPassword_NamesTheFileAndThePassword(string? password)
    {
        var pfx = _files.Pfx(_certificate);
        var ex = Refused(new DeptEndpointOptions { CertificatePath = pfx, CertificatePassword = password });
        Assert.StartsWith($"cannot read certificate '{pfx}': the password is wrong or missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DEPT_ENDPOINT_CERT_PASSWORD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongPasswordForAnEncryptedPemKey_NamesBothFiles()
    {
        var crt = _files.PemCertificate(_certificate);
        var key = _files.PemKey(_certificate, TestCertificates.Password);
        var ex = Refused(new DeptEndpointOptions { CertificatePath = crt, CertificateKeyPath = key, CertificatePassword = "wrong password" });
        Assert.StartsWith($"cannot read the PEM certificate '{crt}' with the private key of key file '{key}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PemKeyOfAnotherCertificate_IsRefused()
    {
        using var other = TestCertificates.Valid();
        var crt = _files.PemCertificate(_certificate);
        var key = _files.PemKey(other, name: "other.key");
        var ex = Refused(new DeptEndpointOptions { CertificatePath = crt, CertificateKeyPath = key });
        Assert.StartsWith($"cannot read the PEM certificate '{crt}' with the private key of key file '{key}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the key must match the certificate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PemKeyGivenAsTheCertificate_IsNamed()
    {
        var key = _files.PemKey(_certificate);
        var ex = Refused(new DeptEndpointOptions { CertificatePath = key });
        Assert.Equal($"certificate '{key}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)", ex.Message);
    }

    [Fact]
    public void NotACertificate_IsNamed()
    {
        var junk = _files.WriteBytes("junk.pfx", [0x00, 0x01, 0x02, 0x03]);
        var ex = Refused(new DeptEndpointOptions { CertificatePath = junk });
        Assert.Equal($"certificate '{junk}' is neither a PKCS#12 (.pfx/.p12) file nor a PEM certificate", ex.Message);
    }

    [Fact]
    public void CertificateWithoutPrivateKey_IsRefused_AsPfxPemOrDer()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(_certificate.RawData);
        var files = new[]
        {
            _files.Pfx(publicOnly, name: "public.pfx"),
            _files.PemCertificate(_certificate, "public.crt"),
            _files.WriteBytes("public.cer", _certificate.RawData),
        };
        foreach (var file in files)
        {
            var ex = Refused(new DeptEndpointOptions { CertificatePath = file, CertificatePassword = file.EndsWith(".pfx", StringComparison.Ordinal) ? TestCertificates.Password : null });
            Assert.StartsWith($"certificate '{file}' (CN=dept-test, thumbprint {_certificate.Thumbprint}) has no private key", ex.Message, StringComparison.Ordinal);
        }

        var given = Refused(new DeptEndpointOptions { Certificate = publicOnly });
        Assert.StartsWith("the Certificate option (CN=dept-test", given.Message, StringComparison.Ordinal);
        Assert.Contains("has no private key", given.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiredCertificate_IsRefused_WithItsEndDate()
    {
        using var expired = TestCertificates.Expired();
        var pfx = _files.Pfx(expired, name: "expired.pfx");
        var ex = Refused(new DeptEndpointOptions { CertificatePath = pfx, CertificatePassword = TestCertificates.Password });
        Assert.Equal(
            $"certificate '{pfx}' (CN=dept-test, thumbprint {expired.Thumbprint}) expired on {expired.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z: renew it",
            ex.Message);
    }

    [Fact]
    public void ValidityIsCheckedOnTheTimeProvidersClock()
    {
        var pfx = _files.Pfx(_certificate);
        var afterEnd = new FixedTime(new DateTimeOffset(_certificate.NotAfter.ToUniversalTime()).AddSeconds(1));
        var ex = Refused(new DeptEndpointOptions { CertificatePath = pfx, CertificatePassword = TestCertificates.Password, TimeProvider = afterEnd });
        Assert.Contains(" expired on ", ex.Message, StringComparison.Ordinal);

        using var future = TestCertificates.NotYetValid();
        var early = Refused(new DeptEndpointOptions { CertificatePath = _files.Pfx(future, name: "future.pfx"), CertificatePassword = TestCertificates.Password });
        Assert.Contains(" is not valid before ", early.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientAuthenticationCertificate_IsRefused()
    {
        using var client = TestCertificates.ClientAuthOnly();
        var ex = Refused(new DeptEndpointOptions { Certificate = client });
        Assert.Contains("may not be used for server authentication", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "key.pem", null, "without a certificate file")]
    [InlineData(null, null, "secret", "without a certificate file")]
    [InlineData("   ", null, null, "CertificatePath is empty")]
    public void InconsistentCertificateOptions_AreRefused(string? path, string? key, string? password, string message)
    {
        var ex = Refused(new DeptEndpointOptions { CertificatePath = path, CertificateKeyPath = key, CertificatePassword = password });
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateAndCertificatePath_AreExclusive()
    {
        var ex = Refused(new DeptEndpointOptions { Certificate = _certificate, CertificatePath = _files.Pfx(_certificate) });
        Assert.Equal("set either Certificate or CertificatePath, not both", ex.Message);
    }

    // The remote policy is checked by Validate() before anything binds, so these tests never open 0.0.0.0.
    [Fact]
    public void Remote_WithTokenButNoCertificate_IsRefused_NamingTheOptOut()
    {
        var options = new DeptEndpointOptions { Address = "0.0.0.0", AllowRemote = true, BearerToken = Token };
        var ex = Assert.Throws<DeptEndpointException>(options.Validate);
        Assert.StartsWith("refusing to bind 0.0.0.0 over plain HTTP: the bearer token would cross the network in clear text", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AllowInsecureRemote (DEPT_ENDPOINT_ALLOW_INSECURE_REMOTE=1, --allow-insecure-remote)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_WithTokenAndCertificate_OrExplicitOptOut_IsAccepted()
    {
        var tls = new DeptEndpointOptions { Address = "0.0.0.0", AllowRemote = true, BearerToken = Token, CertificatePath = "server.pfx" };
        Assert.Equal(IPAddress.Any, tls.Validate());
        var insecure = new DeptEndpointOptions { Address = "192.0.2.10", AllowRemote = true, BearerToken = Token, AllowInsecureRemote = true };
        Assert.Equal(IPAddress.Parse("192.0.2.10"), insecure.Validate());
    }

    [Fact]
    public void AllowInsecureRemote_DoesNotWaiveTheToken()
    {
        var options = new DeptEndpointOptions { Address = "0.0.0.0", AllowRemote = true, AllowInsecureRemote = true };
        var ex = Assert.Throws<DeptEndpointException>(options.Validate);
        Assert.Contains("without a bearer token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_StaysPlainHttpByDefault()
    {
        await using var endpoint = Start(new DeptEndpointOptions());
        Assert.Equal("http", endpoint.Url.Scheme);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
