using System.Net;
using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// The DNS-rebinding defence of a loopback endpoint (#13). A page on <c>evil.example</c> whose name the attacker
/// re-points at 127.0.0.1 reaches the port, but its requests carry <c>Host: evil.example</c> (and its
/// <c>Origin</c>): a loopback endpoint answers only requests addressed to a loopback name or literal
/// (<c>localhost</c>, <c>*.localhost</c>, <c>127.x.y.z</c>, <c>[::1]</c>), 421 otherwise, and refuses a cross-origin
/// browser request (an <c>Origin</c> that is not loopback) with 403. Non-loopback binds rely on the bearer token and
/// TLS their policy already requires.
/// </summary>
internal static class HostPolicy
{
    /// <summary>True when <paramref name="host"/> (a Host header value, port included or not) names this machine's loopback.</summary>
    public static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var name = StripPort(host).TrimEnd('.');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = name.StartsWith('[') && name.EndsWith(']') ? name[1..^1] : name;
        // Only dotted-quad IPv4 or bracketed IPv6: IPAddress.TryParse also takes "2130706433" and "127.1", which no
        // browser sends as a Host but which would widen what is accepted for nothing.
        return (literal.Count(static c => c == '.') == 3 || literal.Contains(':', StringComparison.Ordinal))
            && IPAddress.TryParse(literal, out var ip)
            && IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
    }

    /// <summary>Null when the request may proceed; else the status and message to answer with.</summary>
    public static (int Status, string Message)? Check(HttpRequest request)
    {
        var host = request.Headers.Host.ToString();
        if (!IsLoopbackHost(host))
        {
            return (StatusCodes.Status421MisdirectedRequest,
                $"this endpoint serves loopback only and answers requests for localhost or a loopback address, not for Host '{Shown(host)}' (a DNS-rebinding defence; see docs/reference/endpoints.md)");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackHost(uri.Authority)))
        {
            return (StatusCodes.Status403Forbidden, $"cross-origin request from '{Shown(origin)}' refused: only the viewer page's own loopback origin may read this endpoint");
        }

        return null;
    }

    private static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.LastIndexOf(':');
        return colon >= 0 && host.IndexOf(':', StringComparison.Ordinal) == colon ? host[..colon] : host;
    }

    private static string Shown(string value) => Core.Text.TerminalText.Clean(value.Length > 100 ? value[..100] + "..." : value);
}
