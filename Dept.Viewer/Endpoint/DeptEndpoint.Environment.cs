using System.Globalization;
using Dept.Core.Tracking;

namespace Dept.Viewer.Endpoint;

public sealed partial class DeptEndpoint
{
    /// <summary>Environment variable naming the address to serve on: <c>host:port</c>, or a port alone (loopback).</summary>
    public const string AddressVariable = "DEPT_ENDPOINT";

    /// <summary>Environment variable holding the bearer token.</summary>
    public const string TokenVariable = "DEPT_ENDPOINT_TOKEN";

    /// <summary>Environment variable that must be <c>1</c> to bind a non-loopback address.</summary>
    public const string AllowRemoteVariable = "DEPT_ENDPOINT_ALLOW_REMOTE";

    /// <summary>Environment variable naming the server certificate file (PKCS#12 or PEM); when set the endpoint serves HTTPS.</summary>
    public const string CertificateVariable = "DEPT_ENDPOINT_CERT";

    /// <summary>Environment variable naming the PEM private key file of a PEM certificate.</summary>
    public const string CertificateKeyVariable = "DEPT_ENDPOINT_CERT_KEY";

    /// <summary>Environment variable holding the password of the PKCS#12 file or of the encrypted PEM key.</summary>
    public const string CertificatePasswordVariable = "DEPT_ENDPOINT_CERT_PASSWORD";

    /// <summary>Environment variable that must be <c>1</c> to serve a non-loopback address over plain HTTP.</summary>
    public const string AllowInsecureRemoteVariable = "DEPT_ENDPOINT_ALLOW_INSECURE_REMOTE";

    /// <summary>
    /// The environment hook: when <c>DEPT_ENDPOINT</c> is set, serves <paramref name="engine"/> (or the process-wide
    /// <see cref="DeptRuntime.Current"/>) there and prints one line to standard error with the address to open: with
    /// its per-run token (<see cref="PageUrl"/>), or without the token when it came from <c>DEPT_ENDPOINT_TOKEN</c>.
    /// Otherwise returns null and does nothing. Call it once at start-up, e.g. right after <see cref="DeptRuntime.Start"/>.
    /// </summary>
    /// <exception cref="DeptEndpointException">The variables are malformed or refused, or no engine is running.</exception>
    public static DeptEndpoint? StartFromEnvironment(DeptEngine? engine = null) => StartFromEnvironment(engine, Console.Error, null);

    internal static DeptEndpoint? StartFromEnvironment(DeptEngine? engine, TextWriter announce, Func<string, string?>? getVariable)
    {
        var options = OptionsFromEnvironment(getVariable);
        if (options is null)
        {
            return null;
        }

        engine ??= DeptRuntime.Current ?? throw new DeptEndpointException(
            $"{AddressVariable} is set but no Dept engine is running: call DeptRuntime.Start() first or pass the engine");
        var endpoint = Start(engine, options);
        // The configured token came through the environment to stay out of sight: never print it.
        announce.WriteLine(endpoint.TokenIsPerRun
            ? $"dept: endpoint at {endpoint.PageUrl} (the token in the address is this run's; API clients send it as {AccessToken.Header})"
            : $"dept: endpoint at {endpoint.Url} (open it as {endpoint.Url}#token=<value of ${TokenVariable}>)");
        return endpoint;
    }

    /// <summary>
    /// Reads <c>DEPT_ENDPOINT</c>, <c>DEPT_ENDPOINT_TOKEN</c>, <c>DEPT_ENDPOINT_ALLOW_REMOTE</c>, <c>DEPT_ENDPOINT_CERT</c>,
    /// <c>DEPT_ENDPOINT_CERT_KEY</c>, <c>DEPT_ENDPOINT_CERT_PASSWORD</c> and <c>DEPT_ENDPOINT_ALLOW_INSECURE_REMOTE</c>;
    /// null when <c>DEPT_ENDPOINT</c> is unset or empty. The certificate is not read here but by <c>Start</c>.
    /// </summary>
    /// <exception cref="DeptEndpointException">The variables are set but malformed.</exception>
    public static DeptEndpointOptions? OptionsFromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var value = getVariable(AddressVariable)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var options = new DeptEndpointOptions
        {
            BearerToken = EnvironmentToken(getVariable),
            AllowRemote = IsSet(getVariable(AllowRemoteVariable)),
            CertificatePath = NullIfEmpty(getVariable(CertificateVariable)),
            CertificateKeyPath = NullIfEmpty(getVariable(CertificateKeyVariable)),
            CertificatePassword = Password(getVariable),
            AllowInsecureRemote = IsSet(getVariable(AllowInsecureRemoteVariable)),
        };
        var colon = value.LastIndexOf(':');
        var portText = colon < 0 ? value : value[(colon + 1)..];
        if (colon > 0)
        {
            options.Address = value[..colon].Trim('[', ']');
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new DeptEndpointException($"{AddressVariable}='{value}': expected host:port or port, e.g. 127.0.0.1:5151");
        }

        options.Port = port;
        return options;
    }

    /// <summary>
    /// <c>DEPT_ENDPOINT_TOKEN</c>, trimmed; null when unset or empty. A value of only spaces is returned as is, so the
    /// endpoint's validation refuses it rather than silently serving without a token (#13). The CLI's <c>--token</c>
    /// falls back to it.
    /// </summary>
    internal static string? EnvironmentToken(Func<string, string?> getVariable) => getVariable(TokenVariable) switch
    {
        null or "" => null,
        { } blank when string.IsNullOrWhiteSpace(blank) => blank,
        { } value => value.Trim(),
    };

    /// <summary><c>DEPT_ENDPOINT_CERT_PASSWORD</c>, untrimmed (spaces may belong to a password); null when unset or empty.</summary>
    internal static string? Password(Func<string, string?> getVariable) =>
        getVariable(CertificatePasswordVariable) is { Length: > 0 } password ? password : null;

    private static bool IsSet(string? flag) => flag?.Trim() is "1" or "true";

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
