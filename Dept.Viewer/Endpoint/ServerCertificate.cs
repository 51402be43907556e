using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// The endpoint's TLS certificate, loaded and checked once by <c>DeptEndpoint.Start</c>: the file exists and can be
/// read (with its password), the certificate has its private key, may be used for server authentication and is
/// within its validity period. Each failure is a <see cref="DeptEndpointException"/> naming the file and the problem.
/// </summary>
internal sealed class ServerCertificate : IDisposable
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const int MaxFileBytes = 1024 * 1024; // Certificates are a few KB; anything larger is the wrong file.
    private readonly bool _owned;

    private ServerCertificate(X509Certificate2 certificate, bool owned)
    {
        Certificate = certificate;
        _owned = owned;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Null when the options configure no TLS. Call after <see cref="DeptEndpointOptions.Validate"/>.</summary>
    public static ServerCertificate? Load(DeptEndpointOptions options)
    {
        if (options.Certificate is { } given)
        {
            Check(given, "the Certificate option", options.TimeProvider.GetUtcNow());
            return new ServerCertificate(given, owned: false);
        }

        if (options.CertificatePath is null)
        {
            return null;
        }

        var path = Path.GetFullPath(options.CertificatePath);
        var certificate = Read(path, options.CertificateKeyPath is null ? null : Path.GetFullPath(options.CertificateKeyPath), options.CertificatePassword);
        try
        {
            Check(certificate, $"certificate '{path}'", options.TimeProvider.GetUtcNow());
            return new ServerCertificate(certificate, owned: true);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_owned)
        {
            Certificate.Dispose();
        }
    }

    private static X509Certificate2 Read(string path, string? keyPath, string? password)
    {
        var bytes = ReadFile(path, "certificate");
        if (keyPath is not null || IsPem(bytes))
        {
            return ReadPem(path, Encoding.UTF8.GetString(bytes), keyPath, password);
        }

        var type = ContentType(bytes);
        if (type is not (X509ContentType.Pkcs12 or X509ContentType.Cert))
        {
            throw new DeptEndpointException($"certificate '{path}' is neither a PKCS#12 (.pfx/.p12) file nor a PEM certificate");
        }

        try
        {
            return type is X509ContentType.Pkcs12
                ? X509CertificateLoader.LoadPkcs12(bytes, password)
                : X509CertificateLoader.LoadCertificate(bytes); // DER, no key: Check says so.
        }
        catch (CryptographicException ex)
        {
            throw new DeptEndpointException(
                $"cannot read certificate '{path}': the password is wrong or missing, or the file is not a valid PKCS#12 (.pfx/.p12) file " +
                $"(set CertificatePassword, DEPT_ENDPOINT_CERT_PASSWORD or --certificate-password): {ex.Message}", ex);
        }
    }

    private static X509Certificate2 ReadPem(string path, string certPem, string? keyPath, string? password)
    {
        var keyPem = keyPath is null ? certPem : Encoding.UTF8.GetString(ReadFile(keyPath, "certificate key"));
        var keySource = keyPath is null ? $"certificate '{path}'" : $"key file '{keyPath}'";
        if (!certPem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new DeptEndpointException($"certificate '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        try
        {
            if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                if (keyPath is not null)
                {
                    throw new DeptEndpointException($"key file '{keyPath}' holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
                }

                return X509Certificate2.CreateFromPem(certPem); // No key: Check names the problem.
            }

            return PersistKeyOnWindows(password is null
                ? X509Certificate2.CreateFromPem(certPem, keyPem)
                : X509Certificate2.CreateFromEncryptedPem(certPem, keyPem, password));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // ArgumentException: the key does not match the certificate's public key (despite the documented CryptographicException).
            throw new DeptEndpointException(
                $"cannot read the PEM certificate '{path}' with the private key of {keySource}: {ex.Message} " +
                "(an encrypted key needs CertificatePassword, DEPT_ENDPOINT_CERT_PASSWORD or --certificate-password; the key must match the certificate)", ex);
        }
    }

    private static byte[] ReadFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new DeptEndpointException(Directory.Exists(path)
                ? $"{what} file '{path}' is a directory"
                : $"{what} file '{path}' does not exist");
        }

        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length > MaxFileBytes)
            {
                throw new DeptEndpointException($"{what} file '{path}' has {stream.Length} bytes; a certificate file is at most {MaxFileBytes}");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeptEndpointException($"cannot read {what} file '{path}': {ex.Message}", ex);
        }
    }

    private static X509ContentType ContentType(byte[] bytes)
    {
        try
        {
            return X509Certificate2.GetCertContentType(bytes);
        }
        catch (CryptographicException)
        {
            return X509ContentType.Unknown; // Some platforms throw instead of answering Unknown for unrecognised bytes.
        }
    }

    private static bool IsPem(byte[] bytes) => Encoding.UTF8.GetString(bytes).Contains("-----BEGIN ", StringComparison.Ordinal);

    private static void Check(X509Certificate2 certificate, string source, DateTimeOffset now)
    {
        var name = $"{source} ({certificate.Subject}, thumbprint {certificate.Thumbprint})";
        if (!certificate.HasPrivateKey)
        {
            throw new DeptEndpointException(
                $"{name} has no private key: TLS needs it. Use a PKCS#12 file exported with its key, or a PEM certificate " +
                "with its key (CertificateKeyPath, DEPT_ENDPOINT_CERT_KEY, --certificate-key)");
        }

        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        if (now > notAfter)
        {
            throw new DeptEndpointException($"{name} expired on {notAfter:yyyy-MM-dd HH:mm:ss}Z: renew it");
        }

        if (now < notBefore)
        {
            throw new DeptEndpointException($"{name} is not valid before {notBefore:yyyy-MM-dd HH:mm:ss}Z");
        }

        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension eku && !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ServerAuthOid))
            {
                // Kestrel and every TLS client refuse such a certificate; say so before binding (Kestrel does the same check).
                throw new DeptEndpointException($"{name} may not be used for server authentication: its extended key usage lacks {ServerAuthOid}");
            }
        }
    }

    // Windows' TLS stack (SChannel) cannot use an ephemeral key such as the one a PEM file yields; a round trip through
    // PKCS#12 gives it a key it can use (Kestrel's own PEM loading does the same).
    private static X509Certificate2 PersistKeyOnWindows(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}
