using System.CommandLine;
using Dept.Viewer.Endpoint;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>--certificate</c>, <c>--certificate-key</c>, <c>--certificate-password</c>: the TLS options of the commands that
/// serve (<c>view</c>, <c>attach --serve</c>), a thin shell over <see cref="DeptEndpointOptions"/>'s certificate options.
/// </summary>
internal sealed class CertificateOptions
{
    private readonly Option<string?> _path = new("--certificate")
    {
        Description = "Serve HTTPS with this certificate: a PKCS#12 file (.pfx/.p12) or a PEM certificate (key in the same file or --certificate-key).",
    };

    private readonly Option<string?> _key = new("--certificate-key") { Description = "The PEM private key of a PEM --certificate." };

    private readonly Option<string?> _password = new("--certificate-password")
    {
        Description = $"Password of the PKCS#12 file or of an encrypted PEM key. Default: ${DeptEndpoint.CertificatePasswordVariable}, which keeps it out of the process list.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_path);
        command.Options.Add(_key);
        command.Options.Add(_password);
    }

    /// <summary>Copies the options into <paramref name="options"/>; the endpoint validates them when it starts.</summary>
    public void ApplyTo(ParseResult result, DeptEndpointOptions options, Func<string, string?>? getVariable = null)
    {
        options.CertificatePath = result.GetValue(_path);
        options.CertificateKeyPath = result.GetValue(_key);
        // The variable only stands in for a missing --certificate-password when there is a certificate to open.
        options.CertificatePassword = result.GetValue(_password)
            ?? (options.CertificatePath is null ? null : DeptEndpoint.Password(getVariable ?? Environment.GetEnvironmentVariable));
    }
}
