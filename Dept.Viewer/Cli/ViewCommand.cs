using System.CommandLine;
using System.Diagnostics;
using Dept.Core.Text;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Sources;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>dept view &lt;report.json&gt; [--port N] [--address IP --allow-remote] [--token T] [--certificate F [--certificate-key K]
/// [--certificate-password P]] [--allow-insecure-remote] [--no-browser]</c> (#5): serves a saved report with the viewer
/// page (on 127.0.0.1 unless --address; HTTPS with a certificate) and prints the URL; runs until Ctrl+C. Exit 0 after a
/// clean stop, 1 on error (including an address the endpoint's policy refuses: nothing is served then).
/// </summary>
internal static class ViewCommand
{
    public static Command Create()
    {
        var report = new Argument<string>("report") { Description = "A dept.report/2 (or /1) JSON file." };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0 picks a free one).", DefaultValueFactory = _ => 5151 };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the URL; do not open a browser." };
        var remote = new RemoteOptions();
        var certificate = new CertificateOptions();
        var command = new Command("view", "Serve a saved report in the graph viewer (http://127.0.0.1:PORT/ unless --address; https:// with --certificate) until Ctrl+C.");
        command.Arguments.Add(report);
        command.Options.Add(port);
        remote.AddTo(command);
        certificate.AddTo(command);
        command.Options.Add(noBrowser);
        command.SetAction((r, cancel) =>
        {
            var endpoint = new DeptEndpointOptions { Port = r.GetValue(port) };
            var tokenFromEnvironment = remote.ApplyTo(r, endpoint);
            certificate.ApplyTo(r, endpoint);
            return Run(r.GetValue(report)!, endpoint, tokenFromEnvironment, !r.GetValue(noBrowser), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, cancel);
        });
        return command;
    }

    /// <summary>
    /// Serves <paramref name="path"/> with <paramref name="endpointOptions"/> (address, port, token, certificate) until
    /// cancelled. A token from the environment (<paramref name="tokenFromEnvironment"/>) is never printed (<see cref="ServedUrl"/>).
    /// </summary>
    internal static async Task<int> Run(
        string path, DeptEndpointOptions endpointOptions, bool tokenFromEnvironment, bool openBrowser, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (Load(path, error) is not var (source, summary))
        {
            return (int)ExitCode.Error;
        }

        DeptEndpoint endpoint;
        try
        {
            endpoint = DeptEndpoint.Start(source, endpointOptions);
        }
        catch (DeptEndpointException ex)
        {
            error.WriteLine($"dept view: {ex.Message}");
            return (int)ExitCode.Error;
        }

        await using (endpoint.ConfigureAwait(false))
        {
            output.WriteLine($"Serving {TerminalText.Clean(path)} ({summary}) at {endpoint.Url}");
            var token = endpoint.Token;
            if (ServedUrl.OpenLine(endpoint.Url, token, tokenFromEnvironment, endpoint.TokenIsPerRun) is { } openLine)
            {
                output.WriteLine(openLine);
            }

            output.WriteLine("Press Ctrl+C to stop.");
            if (openBrowser)
            {
                if (ServedUrl.ForBrowser(endpoint.Url, token, tokenFromEnvironment) is { } browserUrl)
                {
                    TryOpenBrowser(browserUrl, error);
                }
                else
                {
                    // The browser's command line is in the process list: exactly where the variable keeps the token out of.
                    error.WriteLine($"dept view: not opening a browser: it would show the token from ${DeptEndpoint.TokenVariable} in the process list; open the page as above");
                }
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the normal way to stop serving.
            }
        }

        return (int)ExitCode.Clean;
    }

    /// <summary>
    /// Reads the report and builds what is served, in a method of its own so that the parsed document (most of a
    /// report's size in memory) is garbage once it returns, not a local of the serving loop kept alive for hours (#13).
    /// </summary>
    private static (DocumentSource Source, string Summary)? Load(string path, TextWriter error)
    {
        var document = ReportFiles.TryRead(path, "view", error);
        if (document is null)
        {
            return null;
        }

        var source = new DocumentSource(document, Path.GetFileName(path));
        // Hangs only come from a live attach: name them only when there are some, so other reports read as before.
        var hangs = document.Hangs.Count > 0 ? $", {document.Hangs.Count} hangs" : string.Empty;
        var summary = $"{document.Classes.Count} classes, {document.Reports.Count} cycles{hangs}";
        document = null;
        // One compacting collection, once: the document and the reader's buffers are hundreds of MB of garbage for a
        // large report, and a server that may run for hours should give them back before it starts answering.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return (source, summary);
    }

    private static void TryOpenBrowser(string url, TextWriter error)
    {
        try
        {
            var opener = OperatingSystem.IsWindows() ? null : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
            using var process = opener is null
                ? Process.Start(new ProcessStartInfo(url) { UseShellExecute = true })
                : Process.Start(new ProcessStartInfo(opener, url) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            error.WriteLine($"dept view: could not open a browser ({ex.Message}); open {url} yourself");
        }
    }
}
