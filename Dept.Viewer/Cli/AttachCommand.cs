using System.CommandLine;
using Dept.Viewer.Attach;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>dept attach --pid N</c> (#6): watch a running .NET process through its runtime events and report deadlocks
/// that are actually happening. Exit codes: 2 an actual deadlock was seen, 0 none, 1 error (including the target
/// exiting during the attach, and viewer options the endpoint refuses: those fail before the attach).
/// </summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        var pid = new Option<int>("--pid") { Description = "Id of the .NET process to observe (it needs no Dept code).", Required = true };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 30s, 2m); default: until Ctrl+C or the target exits." };
        var hang = new Option<string>("--hang-threshold") { Description = "List waits longer than this as hangs.", DefaultValueFactory = _ => "5s" };
        var json = new Option<string?>("--json") { Description = "Write the dept.report/2 document (mode actual) to this file at the end." };
        var serve = new Option<bool>("--serve") { Description = "Show the live wait-for graph and reports in the viewer while attached." };
        var port = new Option<int>("--port") { Description = "Viewer port with --serve (0 picks a free one).", DefaultValueFactory = _ => 5151 };
        var remote = new RemoteOptions();
        var certificate = new CertificateOptions();
        var noClrMd = new Option<bool>("--no-clrmd") { Description = "Do not snapshot the target with ClrMD (it suspends the target briefly and needs ptrace): no stacks, and lock waits that began before the attach stay unseen." };
        var flush = new Option<string>("--flush-interval") { Description = "How often event sessions are handed over (bounds report latency).", DefaultValueFactory = _ => "250ms" };

        var command = new Command("attach", "Observe a running .NET process and report deadlocks that are ACTUALLY happening (not potential ones) and hangs.");
        foreach (var option in new Option[] { pid, duration, hang, json, serve, port, flush, noClrMd })
        {
            command.Options.Add(option);
        }

        remote.AddTo(command);
        certificate.AddTo(command);

        command.SetAction(r =>
        {
            var (output, error) = (r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
            var options = new AttachOptions { ProcessId = r.GetValue(pid), JsonPath = r.GetValue(json), Serve = r.GetValue(serve), UseClrMd = !r.GetValue(noClrMd) };
            options.Endpoint.Port = r.GetValue(port);
            options.TokenFromEnvironment = remote.ApplyTo(r, options.Endpoint, serving: options.Serve);
            certificate.ApplyTo(r, options.Endpoint);
            if (!Duration(r.GetValue(duration), "--duration", d => options.Duration = d, error)
                || !Duration(r.GetValue(hang), "--hang-threshold", d => options.HangThreshold = d, error)
                || !Duration(r.GetValue(flush), "--flush-interval", d => options.FlushInterval = d, error))
            {
                return (int)ExitCode.Error;
            }

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) =>
            {
                e.Cancel = true; // Stop observing and report; do not kill dept before the summary is written.
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCtrlC;
            try
            {
                return (int)new AttachRunner(options, output, error).Run(cancel.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCtrlC;
            }
        });
        return command;
    }

    private static bool Duration(string? text, string name, Action<TimeSpan> set, TextWriter error)
    {
        if (text is null)
        {
            return true;
        }

        if (!DurationText.TryParse(text, out var value))
        {
            error.WriteLine($"dept attach: {name} '{text}' is not a duration (examples: 500ms, 5s, 2m)");
            return false;
        }

        set(value);
        return true;
    }
}
