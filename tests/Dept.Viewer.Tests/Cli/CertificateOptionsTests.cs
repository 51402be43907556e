using System.CommandLine;
using Dept.Viewer.Attach;
using Dept.Viewer.Cli;
using Dept.Viewer.Endpoint;

namespace Dept.Viewer.Tests.Cli;

public sealed class CertificateOptionsTests
{
    private static DeptEndpointOptions Apply(string[] args, params (string Name, string Value)[] variables)
    {
        var certificate = new CertificateOptions();
        var command = new RootCommand();
        certificate.AddTo(command);
        var options = new DeptEndpointOptions();
        certificate.ApplyTo(command.Parse(args), options, name => variables.FirstOrDefault(v => v.Name == name).Value);
        return options;
    }

    [Fact]
    public void Options_FillTheEndpointOptions()
    {
        var o = Apply(["--certificate", "s.crt", "--certificate-key", "s.key", "--certificate-password", "pw"]);
        Assert.Equal(("s.crt", "s.key", "pw"), (o.CertificatePath, o.CertificateKeyPath, o.CertificatePassword));
    }

    [Fact]
    public void PasswordVariable_StandsInForAMissingPasswordOption_OnlyWithACertificate()
    {
        var variable = ("DEPT_ENDPOINT_CERT_PASSWORD", "from-env");
        Assert.Equal("from-env", Apply(["--certificate", "s.pfx"], variable).CertificatePassword);
        Assert.Equal("pw", Apply(["--certificate", "s.pfx", "--certificate-password", "pw"], variable).CertificatePassword);
        // Without --certificate the variable is ignored, so a password left in the environment does not fail a plain `dept view`.
        Assert.Null(Apply([], variable).CertificatePassword);
    }

    [Fact]
    public void NoOptions_MeanPlainHttp() => Assert.False(Apply([]).UsesTls);

    [Fact]
    public void AttachCertificateWithoutServe_IsAProblem()
    {
        var options = new AttachOptions { ProcessId = 1 };
        options.Endpoint.CertificatePath = "s.pfx";
        Assert.Equal("--certificate, --certificate-key and --certificate-password need --serve", options.Problem());
        options.Serve = true;
        // With --serve the file itself is checked before the attach (here it does not exist).
        Assert.Equal($"certificate file '{Path.GetFullPath("s.pfx")}' does not exist", options.Problem());
    }
}
