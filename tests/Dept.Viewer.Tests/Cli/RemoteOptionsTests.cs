using System.CommandLine;
using Dept.Viewer.Attach;
using Dept.Viewer.Cli;
using Dept.Viewer.Endpoint;

namespace Dept.Viewer.Tests.Cli;

public sealed class RemoteOptionsTests
{
    private const string Token = "0123456789abcdef-cli-token";

    private static (DeptEndpointOptions Options, bool FromEnvironment) Apply(string[] args, bool serving = true, params (string Name, string Value)[] variables)
    {
        var remote = new RemoteOptions();
        var command = new RootCommand();
        remote.AddTo(command);
        var options = new DeptEndpointOptions();
        var fromEnvironment = remote.ApplyTo(command.Parse(args), options, serving, name => variables.FirstOrDefault(v => v.Name == name).Value);
        return (options, fromEnvironment);
    }

    [Fact]
    public void Options_FillTheEndpointOptions()
    {
        var (o, fromEnvironment) = Apply(["--address", "10.0.0.5", "--allow-remote", "--token", Token, "--allow-insecure-remote"]);
        Assert.Equal(("10.0.0.5", true, Token, true), (o.Address, o.AllowRemote, o.BearerToken, o.AllowInsecureRemote));
        Assert.False(fromEnvironment);
    }

    [Fact]
    public void NoOptions_MeanLoopbackWithoutAToken()
    {
        var (o, fromEnvironment) = Apply([]);
        Assert.Equal(("127.0.0.1", false, null, false), (o.Address, o.AllowRemote, o.BearerToken, o.AllowInsecureRemote));
        Assert.False(fromEnvironment);
    }

    [Fact]
    public void TokenVariable_StandsInForAMissingTokenOption_WhenServing()
    {
        static (string? Token, bool FromEnvironment) TokenOf(string[] args, bool serving, (string, string) variable)
        {
            var (options, fromEnvironment) = Apply(args, serving, variable);
            return (options.BearerToken, fromEnvironment);
        }

        var variable = (DeptEndpoint.TokenVariable, " from-the-environment-1234 ");
        Assert.Equal(("from-the-environment-1234", true), TokenOf([], true, variable));
        Assert.Equal((Token, false), TokenOf(["--token", Token], true, variable));
        // A blank variable is passed on for the endpoint to refuse (#13), never silently read as "no token".
        Assert.Equal(("  ", true), TokenOf([], true, (DeptEndpoint.TokenVariable, "  ")));
        // `dept attach` without --serve serves nothing: an exported variable must not make it an error.
        Assert.Equal((null, false), TokenOf([], false, variable));
    }

    [Fact]
    public void TokenFromTheOption_IsInTheUrlToOpen_Escaped()
    {
        var url = new Uri("https://localhost:5151/");
        const string token = "0123456789abcdef+/&=";
        Assert.Equal("https://localhost:5151/#token=0123456789abcdef%2B%2F%26%3D", ServedUrl.ForBrowser(url, token, tokenFromEnvironment: false));
        Assert.Equal(
            "Token required: open https://localhost:5151/#token=0123456789abcdef%2B%2F%26%3D (API clients send X-Dept-Token: <token> or Authorization: Bearer <token>)",
            ServedUrl.OpenLine(url, token, tokenFromEnvironment: false));
    }

    [Fact]
    public void TokenFromTheEnvironment_IsNeverPrinted_NorGivenToABrowser()
    {
        var url = new Uri("http://127.0.0.1:5151/");
        var line = ServedUrl.OpenLine(url, Token, tokenFromEnvironment: true);
        Assert.NotNull(line);
        Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
        Assert.StartsWith("Token required: open http://127.0.0.1:5151/#token=<value of $DEPT_ENDPOINT_TOKEN>", line, StringComparison.Ordinal);
        Assert.Null(ServedUrl.ForBrowser(url, Token, tokenFromEnvironment: true));
    }

    [Fact]
    public void NoToken_PlainUrl_NoLine()
    {
        var url = new Uri("http://127.0.0.1:5151/");
        Assert.Null(ServedUrl.OpenLine(url, null, tokenFromEnvironment: false));
        Assert.Equal("http://127.0.0.1:5151/", ServedUrl.ForBrowser(url, null, tokenFromEnvironment: false));
    }

    [Theory]
    [InlineData("--address", "0.0.0.0")]
    [InlineData("--allow-remote")]
    [InlineData("--token", Token)]
    [InlineData("--allow-insecure-remote")]
    public void AttachRemoteOptionWithoutServe_IsAProblem(params string[] args)
    {
        var options = new AttachOptions { ProcessId = 1 };
        options.Endpoint = Apply(args, serving: false).Options;
        Assert.Equal("--address, --allow-remote, --token and --allow-insecure-remote need --serve", options.Problem());
    }

    [Fact]
    public void AttachServe_ChecksTheEndpointPolicyBeforeAttaching()
    {
        var options = new AttachOptions { ProcessId = 1, Serve = true };
        options.Endpoint.Address = "192.0.2.10";
        Assert.Equal(
            "refusing to bind 192.0.2.10: the endpoint binds loopback only unless AllowRemote is set (DEPT_ENDPOINT_ALLOW_REMOTE=1, --allow-remote) and a bearer token given",
            options.Problem());
        options.Endpoint.AllowRemote = true;
        options.Endpoint.BearerToken = Token;
        Assert.StartsWith("refusing to bind 192.0.2.10 over plain HTTP", options.Problem(), StringComparison.Ordinal);
        options.Endpoint.AllowInsecureRemote = true;
        Assert.Null(options.Problem());
        options.Endpoint.BearerToken = "short";
        Assert.Equal("the bearer token must have at least 16 characters", options.Problem());
    }
}
