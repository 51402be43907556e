using Dept.Viewer.Cli;

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
            ["--certificate", "--certificate-key", "--certificate-password", "--duration", "--flush-interval", "--hang-threshold", "--json", "--no-clrmd", "--pid", "--port", "--serve"],
            attach.Options.Select(o => o.Name).Order());
    }
}
