using System.CommandLine;
using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Core.Text;
using Dept.Viewer.Sources;

namespace Dept.Viewer.Cli;

/// <summary><c>dept stats &lt;report.json&gt;</c> (#5): the report's <c>dept_stats</c> and cycle counts. Exit 2 if it has a cycle.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var report = new Argument<string>("report") { Description = "A dept.report/2 (or /1) JSON file." };
        var command = new Command("stats", "Print a report's counters in DEPT's /proc/dept_stats format and its cycles by kind.");
        command.Arguments.Add(report);
        command.SetAction(r =>
        {
            var output = r.InvocationConfiguration.Output;
            var document = ReportFiles.TryRead(r.GetValue(report)!, "stats", r.InvocationConfiguration.Error, withoutDependencyStacks: true);
            if (document is null)
            {
                return (int)ExitCode.Error;
            }

            output.Write(TerminalText.Clean(ProcFormat.DeptStats(DocumentAdapter.CountedStats(document))));
            output.WriteLine();
            output.WriteLine($"classes\t{document.Classes.Count}");
            output.WriteLine($"dependencies\t{document.Dependencies.Count}");
            var cycles = document.Reports.Where(static x => x.Kind is not (DeptReportKind.UnreachableEvent or DeptReportKind.NeverFiredEvent)).ToList();
            output.WriteLine($"cycles\t{cycles.Count}");
            foreach (var kind in cycles.GroupBy(x => x.Kind).OrderBy(g => g.Key))
            {
                output.WriteLine($"  {kind.Key}\t{kind.Count()}");
            }

            // Schema 2: a wait whose event can no longer fire is an error like a cycle; a never-fired class is a warning.
            var unreachable = document.Reports.Count(static x => x.Kind == DeptReportKind.UnreachableEvent);
            var neverFired = document.Reports.Count(static x => x.Kind == DeptReportKind.NeverFiredEvent);
            output.WriteLine($"unreachable_events\t{unreachable}");
            foreach (var reason in document.Reports.Where(static x => x.Kind == DeptReportKind.UnreachableEvent).GroupBy(static x => x.Reason).OrderBy(static g => g.Key))
            {
                output.WriteLine($"  {reason.Key}\t{reason.Count()}");
            }

            output.WriteLine($"never_fired_events\t{neverFired}");
            return (int)(cycles.Count + unreachable > 0 ? ExitCode.CycleFound : ExitCode.Clean);
        });
        return command;
    }
}
