using Dept.Viewer.Endpoint;

namespace Dept.Viewer.Cli;

/// <summary>
/// How the commands that serve tell the user to open a page whose data needs its token. The page reads the token
/// from its URL fragment, <c>#token=...</c> (<c>Page/viewer.js</c>), which the browser never sends to the server.
/// </summary>
/// <remarks>
/// The per-run token (no token configured) and a token given with <c>--token</c> are printed in the URL: the first is
/// how the user receives it, the second is on the command line already. A token from <c>DEPT_ENDPOINT_TOKEN</c> is
/// never printed (nor handed to a browser's command line), since the variable exists to keep it out of the process
/// list, and so out of terminals and logs too.
/// </remarks>
internal static class ServedUrl
{
    /// <summary>How API clients pass the token, for the printed lines.</summary>
    internal const string ClientHint = $"API clients send {AccessToken.Header}: <token> or Authorization: Bearer <token>";

    /// <summary>The URL that opens the page with <paramref name="token"/>.</summary>
    public static string WithToken(Uri url, string token) => $"{url}#token={Uri.EscapeDataString(token)}";

    /// <summary>The line telling the user how to open the page with its token; null when there is no token.</summary>
    public static string? OpenLine(Uri url, string? token, bool tokenFromEnvironment, bool perRun = false) => token switch
    {
        null => null,
        _ when tokenFromEnvironment =>
            $"Token required: open {url}#token=<value of ${DeptEndpoint.TokenVariable}> (not printed: it came from the environment); {ClientHint}",
        _ when perRun => $"Open {WithToken(url, token)} (the token is this run's, made at random; {ClientHint})",
        _ => $"Token required: open {WithToken(url, token)} ({ClientHint})",
    };

    /// <summary>What to open in a browser: the URL with the token when it may be shown; null when it must not be.</summary>
    public static string? ForBrowser(Uri url, string? token, bool tokenFromEnvironment) => token switch
    {
        null => url.ToString(),
        _ when tokenFromEnvironment => null,
        _ => WithToken(url, token),
    };
}
