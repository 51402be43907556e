using System.Net;

namespace Dept.Viewer.Endpoint;

public sealed partial class DeptEndpointOptions
{
    /// <summary>
    /// Checks every option but the certificate's content (that is <see cref="ServerCertificate.Load"/>'s job, run
    /// right after by <c>Start</c>) and returns the address to bind.
    /// </summary>
    /// <exception cref="DeptEndpointException">The first problem found, named.</exception>
    internal IPAddress Validate()
    {
        if (!IPAddress.TryParse(Address, out var ip))
        {
            throw new DeptEndpointException($"endpoint address '{Address}' is not an IP address (use e.g. 127.0.0.1 or 0.0.0.0)");
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            // ::ffff:127.0.0.1 is 127.0.0.1 spoken over IPv6; Kestrel cannot bind the mapped form, so bind the IPv4 one.
            ip = ip.MapToIPv4();
        }

        if (Port is < 0 or > 65535)
        {
            throw new DeptEndpointException($"endpoint port {Port} is outside 0..65535");
        }

        if (MaxUrlLength is < 256 or > 65536)
        {
            throw new DeptEndpointException($"MaxUrlLength {MaxUrlLength} is outside 256..65536");
        }

        if (SnapshotMaxAge < TimeSpan.Zero)
        {
            throw new DeptEndpointException("SnapshotMaxAge must not be negative");
        }

        if (TimeProvider is null)
        {
            throw new DeptEndpointException("TimeProvider must not be null");
        }

        if (BearerToken is not null && (string.IsNullOrWhiteSpace(BearerToken) || BearerToken.Any(char.IsControl) || BearerToken.Trim().Length != BearerToken.Length))
        {
            throw new DeptEndpointException("the bearer token is blank or has leading/trailing spaces or control characters; use a random token, e.g. from `openssl rand -hex 24`");
        }

        if (MaxConcurrentRenders is < 1 or > 64 || MaxQueuedRenders is < 0 or > 4096)
        {
            throw new DeptEndpointException($"MaxConcurrentRenders {MaxConcurrentRenders} must be in 1..64 and MaxQueuedRenders {MaxQueuedRenders} in 0..4096");
        }

        if (MaxCachedResponseBytes < 0)
        {
            throw new DeptEndpointException($"MaxCachedResponseBytes {MaxCachedResponseBytes} must not be negative");
        }

        if (BearerToken is not null && BearerToken.Length < MinTokenLength)
        {
            throw new DeptEndpointException($"the bearer token must have at least {MinTokenLength} characters");
        }

        ValidateCertificateOptions();
        if (!IPAddress.IsLoopback(ip))
        {
            ValidateRemote();
        }

        return ip;
    }

    private void ValidateCertificateOptions()
    {
        if (Certificate is not null && CertificatePath is not null)
        {
            throw new DeptEndpointException("set either Certificate or CertificatePath, not both");
        }

        if (CertificatePath is null && (CertificateKeyPath is not null || CertificatePassword is not null))
        {
            throw new DeptEndpointException(
                "a certificate key or password was given without a certificate file: set CertificatePath (DEPT_ENDPOINT_CERT, --certificate)");
        }

        if (CertificatePath is not null && string.IsNullOrWhiteSpace(CertificatePath))
        {
            throw new DeptEndpointException("CertificatePath is empty");
        }
    }

    // Policy (docs/reference/endpoints.md, "Security"): a non-loopback address needs AllowRemote, a bearer token and
    // TLS, because without TLS the token itself crosses the network in clear text. AllowInsecureRemote is the
    // explicit opt-out for a TLS-terminating proxy or tunnel in front.
    private void ValidateRemote()
    {
        if (!AllowRemote)
        {
            throw new DeptEndpointException(
                $"refusing to bind {Address}: the endpoint binds loopback only unless AllowRemote is set (DEPT_ENDPOINT_ALLOW_REMOTE=1, --allow-remote) and a bearer token given");
        }

        if (string.IsNullOrEmpty(BearerToken))
        {
            throw new DeptEndpointException(
                $"refusing to bind {Address} without a bearer token: set BearerToken (DEPT_ENDPOINT_TOKEN, --token) to bind a non-loopback address");
        }

        if (!UsesTls && !AllowInsecureRemote)
        {
            throw new DeptEndpointException(
                $"refusing to bind {Address} over plain HTTP: the bearer token would cross the network in clear text. " +
                "Set CertificatePath (DEPT_ENDPOINT_CERT, --certificate) to serve HTTPS, or AllowInsecureRemote " +
                "(DEPT_ENDPOINT_ALLOW_INSECURE_REMOTE=1, --allow-insecure-remote) if a TLS proxy or tunnel sits in front");
        }
    }
}
