using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dept.Viewer.Tests.Support;

/// <summary>
/// Self-signed server certificates made in the test (ECDSA P-256, SAN 127.0.0.1 and localhost) and written to a
/// temporary folder as PKCS#12 or PEM; deleted with the instance.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "correct horse battery staple";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    public string Dir { get; } = Directory.CreateTempSubdirectory("dept-tls-").FullName;

    /// <summary>Valid from yesterday for 30 days: the times are far from now, so no test depends on the clock's precision.</summary>
    public static X509Certificate2 Valid() => Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    public static X509Certificate2 Expired() => Create(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));

    public static X509Certificate2 NotYetValid() => Create(DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(30));

    public static X509Certificate2 ClientAuthOnly() => Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), ClientAuth);

    public static X509Certificate2 Create(DateTimeOffset notBefore, DateTimeOffset notAfter, string usage = ServerAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dept-test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>Writes the certificate with its private key (if it has one) as a PKCS#12 file.</summary>
    public string Pfx(X509Certificate2 certificate, string? password = Password, string name = "server.pfx") =>
        WriteBytes(name, certificate.Export(X509ContentType.Pkcs12, password));

    /// <summary>The certificate alone, PEM.</summary>
    public string PemCertificate(X509Certificate2 certificate, string name = "server.crt") => WriteText(name, certificate.ExportCertificatePem());

    /// <summary>The private key, PKCS#8 PEM; encrypted when a password is given.</summary>
    public string PemKey(X509Certificate2 certificate, string? password = null, string name = "server.key")
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        return WriteText(name, password is null
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
    }

    /// <summary>Certificate and key in one PEM file.</summary>
    public string PemBundle(X509Certificate2 certificate, string name = "server.pem")
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        return WriteText(name, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteText(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// A client that trusts exactly <paramref name="pinned"/> (compared by SHA-256 thumbprint), the way a user pins a
    /// self-signed certificate; <paramref name="seen"/> receives every certificate the server presented.
    /// </summary>
    public static HttpClient PinningClient(Uri baseAddress, X509Certificate2 pinned, ConcurrentQueue<string>? seen = null, string? token = null)
    {
        var expected = pinned.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                var thumbprint = certificate?.GetCertHashString(HashAlgorithmName.SHA256);
                seen?.Enqueue(thumbprint ?? "none");
                return thumbprint == expected;
            },
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("X-Dept-Token", token);
        }

        return client;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
