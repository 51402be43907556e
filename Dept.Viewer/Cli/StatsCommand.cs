using System.CommandLine;
using Dept.Core.Dumps;
using Dept.Core.Text;
using Dept.Viewer.Sources;

namespace Dept.Viewer.Cli;

/// <summary><c>dept stats &lt;report.json&gt;</c> (#5): the report's <c>dept_stats</c> and cycle counts. Exit 2 if it has a cycle.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var report = new Argument<string>("report") { Description = "A dept.report/1 JSON file." };
        var command = new Command("stats", "Print a report's counters in DEPT's /proc/dept_stats format and its cycles by kind.");
        command.Arguments.Add(report);
        command.SetAction(r =>
        {
            var output = r.InvocationConfiguration.Output;
            var document = ReportFiles.TryRead(r.GetValue(report)!, "stats", r.InvocationConfiguration.Error);
            if (document is null)
            {
                return (int)ExitCode.Error;
            }

            output.Write(TerminalText.Clean(ProcFormat.DeptStats(DocumentAdapter.CountedStats(document))));
            output.WriteLine();
            output.WriteLine($"classes\t{document.Classes.Count}");
            output.WriteLine($"dependencies\t{document.Dependencies.Count}");
            output.WriteLine($"cycles\t{document.Reports.Count}");
            foreach (var kind in document.Reports.GroupBy(x => x.Kind).OrderBy(g => g.Key))
            {
                output.WriteLine($"  {kind.Key}\t{kind.Count()}");
            }

            return (int)(document.Reports.Count > 0 ? ExitCode.CycleFound : ExitCode.Clean);
        });
        return command;
    }
}
