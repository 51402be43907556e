using Dept.Viewer.Cli;
using Dept.Viewer.Tests.Cli;

namespace Dept.Viewer.Tests.Attach;

public sealed class AttachCommandTests
{
    [Theory]
    [InlineData("attach")]                                              // --pid is required.
    [InlineData("attach", "--pid", "0")]                                // Not a process id.
    [InlineData("attach", "--pid", "1", "--hang-threshold", "soon")]    // Not a duration.
    public void BadArguments_ExitCodeError(params string[] args) =>
        Assert.Equal((int)ExitCode.Error, DeptCli.Build().Parse(args).Invoke());

    [Fact]
    public void AttachIsRegistered_WithItsOptions()
    {
        var attach = DeptCli.Build().Subcommands.Single(c => c.Name == "attach");
        Assert.Equal(
            [
                "--address", "--allow-insecure-remote", "--allow-remote", "--certificate", "--certificate-key", "--certificate-password", "--duration",
                "--flush-interval", "--hang-threshold", "--json", "--no-clrmd", "--pid", "--port", "--serve", "--token",
            ],
            attach.Options.Select(o => o.Name).Order());
    }

    // Process 1 always exists, but these fail on the options, before any process is looked up or attached to.
    [Theory]
    [InlineData("--address", "0.0.0.0")]
    [InlineData("--allow-remote")]
    [InlineData("--token", "0123456789abcdef-cli-token")]
    [InlineData("--allow-insecure-remote")]
    public void RemoteOptionWithoutServe_Exit1(params string[] option)
    {
        var (code, output, error) = CliRunner.Run(["attach", "--pid", "1", .. option]);
        Assert.Equal((int)ExitCode.Error, code);
        Assert.Equal("dept attach: --address, --allow-remote, --token and --allow-insecure-remote need --serve\n", error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Serve_RefusedAddress_Exit1_WithTheEndpointsMessage_BeforeAttaching()
    {
        var (code, output, error) = CliRunner.Run("attach", "--pid", "1", "--serve", "--address", "192.0.2.10", "--allow-remote");
        Assert.Equal((int)ExitCode.Error, code);
        Assert.Equal(
            "dept attach: refusing to bind 192.0.2.10 without a bearer token: set BearerToken (DEPT_ENDPOINT_TOKEN, --token) to bind a non-loopback address\n",
            error);
        Assert.Equal(string.Empty, output); // no "attached to" line: nothing was attached or served
    }

    [Fact]
    public void Serve_MissingCertificate_Exit1_BeforeAttaching()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dept-" + Guid.NewGuid().ToString("N") + ".pfx");
        var (code, output, error) = CliRunner.Run("attach", "--pid", "1", "--serve", "--port", "0", "--certificate", missing, "--certificate-password", "x");
        Assert.Equal((int)ExitCode.Error, code);
        Assert.Equal($"dept attach: certificate file '{missing}' does not exist\n", error);
        Assert.Equal(string.Empty, output); // no "attached to" line: nothing was attached or served
    }
}
