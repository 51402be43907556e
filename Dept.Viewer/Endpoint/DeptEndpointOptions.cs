using System.Net;

namespace Dept.Viewer.Endpoint;

/// <summary>Options of the Dept HTTP endpoint (docs/reference/endpoints.md). Validated once by <see cref="DeptEndpoint"/>.</summary>
public sealed class DeptEndpointOptions
{
    /// <summary>The address to bind.</summary>
    /// <value>Defaults to <c>127.0.0.1</c>. Any non-loopback address also needs <see cref="AllowRemote"/> and <see cref="BearerToken"/>.</value>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The TCP port.</summary>
    /// <value>Defaults to 5151; 0 picks a free port (read it back from <see cref="DeptEndpoint.Url"/>).</value>
    public int Port { get; set; } = 5151;

    /// <summary>Must be set to bind anything but a loopback address: the graph shows source paths and stacks.</summary>
    /// <value>Defaults to false.</value>
    public bool AllowRemote { get; set; }

    /// <summary>
    /// When set, every data route needs <c>Authorization: Bearer &lt;token&gt;</c>; the page itself (HTML, JS, CSS) carries no
    /// data and is served without it (it reads the token from its URL fragment <c>#token=...</c>).
    /// </summary>
    /// <value>Defaults to null (no token). Required, at least 16 characters, when <see cref="AllowRemote"/> is used.</value>
    public string? BearerToken { get; set; }

    /// <summary>Longest accepted path + query, in characters; longer requests get 414 with a JSON error.</summary>
    /// <value>Defaults to 4096.</value>
    public int MaxUrlLength { get; set; } = 4096;

    /// <summary>How long a snapshot of a live engine is reused before the next request takes a fresh one.</summary>
    /// <value>Defaults to 500 ms.</value>
    public TimeSpan SnapshotMaxAge { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Shortest bearer token accepted.</summary>
    public const int MinTokenLength = 16;

    internal IPAddress Validate()
    {
        if (!IPAddress.TryParse(Address, out var ip))
        {
            throw new DeptEndpointException($"endpoint address '{Address}' is not an IP address (use e.g. 127.0.0.1 or 0.0.0.0)");
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

        if (BearerToken is not null && BearerToken.Length < MinTokenLength)
        {
            throw new DeptEndpointException($"the bearer token must have at least {MinTokenLength} characters");
        }

        if (!IPAddress.IsLoopback(ip))
        {
            if (!AllowRemote)
            {
                throw new DeptEndpointException(
                    $"refusing to bind {Address}: the endpoint binds loopback only unless AllowRemote is set (and a bearer token given)");
            }

            if (string.IsNullOrEmpty(BearerToken))
            {
                throw new DeptEndpointException(
                    $"refusing to bind {Address} without a bearer token: set BearerToken (DEPT_ENDPOINT_TOKEN) to bind a non-loopback address");
            }
        }

        return ip;
    }
}
