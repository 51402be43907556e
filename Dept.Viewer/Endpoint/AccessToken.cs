using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// The secret every data request must carry (#13): the configured <see cref="DeptEndpointOptions.BearerToken"/>, or
/// else one made for this run from the operating system's CSPRNG. A page on another site can reach a loopback port
/// (DNS rebinding, a form post, an image tag) but cannot know this value: the user receives it in the URL fragment
/// of the printed address (<c>/#token=...</c>), which browsers never send to a server, and the page sends it back as
/// a header. Compared in constant time.
/// </summary>
internal sealed class AccessToken
{
    /// <summary>The request header the viewer page sends the token in.</summary>
    public const string Header = "X-Dept-Token";

    /// <summary>The query parameter a tool may use instead of a header (e.g. a browser opening a <c>/proc</c> text).</summary>
    public const string QueryParameter = "token";

    private const string BearerPrefix = "Bearer ";

    private readonly byte[] _expected;

    private AccessToken(string value, bool perRun)
    {
        Value = value;
        IsPerRun = perRun;
        _expected = Encoding.UTF8.GetBytes(value);
    }

    /// <summary>The token.</summary>
    public string Value { get; }

    /// <summary>True when made for this run (no <see cref="DeptEndpointOptions.BearerToken"/> configured).</summary>
    public bool IsPerRun { get; }

    /// <summary>The configured token, or a new per-run one: 24 random bytes as 48 lowercase hex digits.</summary>
    public static AccessToken For(DeptEndpointOptions options) => options.BearerToken is { } configured
        ? new AccessToken(configured, perRun: false)
        : new AccessToken(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), perRun: true);

    /// <summary>
    /// True when <paramref name="request"/> carries the token, in <c>X-Dept-Token</c>, <c>Authorization: Bearer</c> or
    /// <c>?token=</c>. A carrier given twice, or carriers that disagree, are refused rather than guessed between.
    /// </summary>
    public bool IsCarriedBy(HttpRequest request)
    {
        string? offered = null;
        var header = request.Headers[Header];
        var authorization = request.Headers.Authorization;
        var query = request.Query[QueryParameter];
        if (header.Count > 1 || authorization.Count > 1 || query.Count > 1)
        {
            return false;
        }

        foreach (var candidate in new[]
        {
            header.Count == 1 ? header[0] : null,
            authorization.Count == 1 && authorization[0]!.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[0]![BearerPrefix.Length..] : null,
            query.Count == 1 ? query[0] : null,
        })
        {
            if (candidate is null)
            {
                continue;
            }

            if (offered is not null && !string.Equals(offered, candidate, StringComparison.Ordinal))
            {
                return false;
            }

            offered = candidate;
        }

        return offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _expected);
    }
}
