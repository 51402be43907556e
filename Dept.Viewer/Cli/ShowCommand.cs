using System.CommandLine;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>dept show &lt;report.json&gt; [--fingerprint F] [--color auto|always|never]</c> (#14): prints a saved report's
/// cycles in full DEPT text, each with its advice line. Exit 2 when a report was printed, 0 when the file has none,
/// 1 on bad input or an unknown fingerprint.
/// </summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var report = new Argument<string>("report") { Description = "A dept.report/1 JSON file (dept test, an instrumented run, dept attach --json, dept merge)." };
        var fingerprint = new Option<string?>("--fingerprint") { Description = "Print only the cycle with this fingerprint (dept-0123456789abcdef)." };
        var color = new Option<string>("--color") { Description = "Colour the text: auto (on a terminal, unless NO_COLOR is set), always or never.", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var command = new Command("show", "Print a saved report's cycles in full: both contexts' [S]/[W]/[E] with file:line, the fingerprint and advice.")
        {
            report, fingerprint, color,
        };
        command.SetAction(r =>
        {
            var output = r.InvocationConfiguration.Output;
            var error = r.InvocationConfiguration.Error;
            var path = r.GetValue(report)!;
            var document = ReportFiles.TryRead(path, "show", error);
            if (document is null)
            {
                return (int)ExitCode.Error;
            }

            var wanted = r.GetValue(fingerprint);
            var reports = wanted is null ? document.Reports : [.. document.Reports.Where(x => string.Equals(x.Fingerprint, wanted, StringComparison.OrdinalIgnoreCase))];
            if (wanted is not null && reports.Count == 0)
            {
                var known = document.Reports.Count == 0 ? "it has no cycle" : "its fingerprints: " + string.Join(", ", document.Reports.Select(x => x.Fingerprint));
                error.WriteLine($"dept show: {path}: no cycle with fingerprint {wanted}; {known}");
                return (int)ExitCode.Error;
            }

            var colour = ReportConsole.UseColour(r.GetValue(color)!, output);
            output.Write($"{path}: {ReportConsole.Counts(document)}\n");
            if (document.Reports.Count == 0)
            {
                output.Write("no cycle: nothing to show.\n");
                return (int)ExitCode.Clean;
            }

            output.Write('\n');
            ReportConsole.Write(output, reports, colour);
            return (int)ExitCode.CycleFound;
        });
        return command;
    }
}
