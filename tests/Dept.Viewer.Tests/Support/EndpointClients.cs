using System.Text.RegularExpressions;
using Dept.Viewer.Endpoint;

namespace Dept.Viewer.Tests.Support;

/// <summary>HTTP clients that carry an endpoint's access token, the way the viewer page does (<c>X-Dept-Token</c>, #13).</summary>
internal static partial class EndpointClients
{
    public static HttpClient For(DeptEndpoint endpoint, TimeSpan? timeout = null) => For(endpoint.Url, endpoint.Token, timeout);

    public static HttpClient For(Uri url, string token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Dept-Token", token);
        return client;
    }

    /// <summary>The token in the page address a command printed (<c>...#token=...</c>).</summary>
    public static string PrintedToken(string output) =>
        PrintedTokenPattern().Match(output) is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value) : throw new InvalidOperationException($"no #token= in: {output}");

    [GeneratedRegex(@"#token=([^\s)<]+)")]
    private static partial Regex PrintedTokenPattern();
}
