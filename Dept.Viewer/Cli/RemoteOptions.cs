using System.CommandLine;
using Dept.Viewer.Endpoint;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>--address</c>, <c>--allow-remote</c>, <c>--token</c>, <c>--allow-insecure-remote</c>: where the commands that serve
/// (<c>view</c>, <c>attach --serve</c>) listen and who may read the data, a thin shell over
/// <see cref="DeptEndpointOptions"/>. The CLI only copies them: the endpoint's validation is the one place the remote
/// policy lives (loopback by default; any other address needs --allow-remote, a token and a certificate or
/// --allow-insecure-remote), so the user reads the library's messages.
/// </summary>
internal sealed class RemoteOptions
{
    private readonly Option<string> _address = new("--address")
    {
        Description = "IP address to listen on. Anything but loopback needs --allow-remote, a token and --certificate (or --allow-insecure-remote).",
        DefaultValueFactory = _ => DeptEndpointOptions.DefaultAddress,
    };

    private readonly Option<bool> _allowRemote = new("--allow-remote") { Description = "Allow a non-loopback --address: the graph shows source paths and stacks." };

    private readonly Option<string?> _token = new("--token")
    {
        Description = $"Bearer token (at least {DeptEndpointOptions.MinTokenLength} characters) required by the data routes. Default: ${DeptEndpoint.TokenVariable}, which keeps it out of the process list.",
    };

    private readonly Option<bool> _allowInsecureRemote = new("--allow-insecure-remote")
    {
        Description = "Allow a non-loopback --address over plain HTTP (no --certificate): only behind a TLS proxy or tunnel.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_address);
        command.Options.Add(_allowRemote);
        command.Options.Add(_token);
        command.Options.Add(_allowInsecureRemote);
    }

    /// <summary>
    /// Copies the options into <paramref name="options"/>; the endpoint validates them when it starts. Without
    /// <c>--token</c>, <c>DEPT_ENDPOINT_TOKEN</c> stands in when <paramref name="serving"/> (an exported variable must not
    /// turn a plain <c>dept attach</c> into an error).
    /// </summary>
    /// <returns>True when the token came from the environment (the CLI then never prints it).</returns>
    public bool ApplyTo(ParseResult result, DeptEndpointOptions options, bool serving = true, Func<string, string?>? getVariable = null)
    {
        options.Address = result.GetValue(_address)!;
        options.AllowRemote = result.GetValue(_allowRemote);
        options.AllowInsecureRemote = result.GetValue(_allowInsecureRemote);
        options.BearerToken = result.GetValue(_token);
        if (options.BearerToken is not null || !serving)
        {
            return false;
        }

        options.BearerToken = DeptEndpoint.EnvironmentToken(getVariable ?? Environment.GetEnvironmentVariable);
        return options.BearerToken is not null;
    }
}
