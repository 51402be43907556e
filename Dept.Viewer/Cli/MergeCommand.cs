using System.CommandLine;
using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Core.Text;
using Dept.Viewer.Merge;
using Spectre.Console;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>dept merge a.json b.json ... -o merged.json</c> (#5): one graph from several runs or shards; prints the cycles
/// only the union closes. Exit 2 when the merged graph has a cycle, 0 when not, 1 on error (nothing written).
/// </summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var reports = new Argument<string[]>("reports") { Description = "dept.report/2 (or /1) JSON files to combine.", Arity = new ArgumentArity(2, 100_000) };
        var output = new Option<string>("--output", "-o") { Description = "Merged dept.report/2 file (written whole or not at all).", Required = true };
        var command = new Command("merge", "Combine reports from several runs or test shards into one graph and report the cycles that only the union closes.");
        command.Arguments.Add(reports);
        command.Options.Add(output);
        // Read, union and write without collections (#12): see NoCollectionRegion.
        command.SetAction(r => NoCollectionRegion.Run(NoCollectionRegion.SizeOf(r.GetValue(reports)!), NoCollectionRegion.ForMerge, () =>
        {
            var (outWriter, err) = (r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
            var paths = r.GetValue(reports)!;
            var target = r.GetValue(output)!;
            if (ReportFiles.Duplicate(paths) is { } twice)
            {
                err.WriteLine($"dept merge: {TerminalText.Clean(twice.Second)} is the same file as {TerminalText.Clean(twice.First)}; give each report once (merging a report with itself would hide nothing and count it twice)");
                return (int)ExitCode.Error;
            }

            // Checked before reading anything: a refused output fails at once, not after a long merge.
            if (!ReportFiles.CheckOutput(target, paths, "merge", err))
            {
                return (int)ExitCode.Error;
            }

            // Read everything first: one bad file fails the merge before anything is written.
            if (ReportFiles.TryReadAll(paths, "merge", err) is not { } documents)
            {
                return (int)ExitCode.Error;
            }

            var inputs = paths.Zip(documents, static (path, document) => (Path.GetFileName(path), document)).ToList();

            var result = WithProgress(err, inputs);
            try
            {
                ReportFiles.Write(target, paths, s => DeptDocumentJson.Write(result.Merged, s));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                err.WriteLine($"dept merge: cannot write {TerminalText.Clean(target)}: {TerminalText.Clean(ex.Message)}");
                return (int)ExitCode.Error;
            }

            var m = result.Merged;
            outWriter.WriteLine($"merged {inputs.Count} reports into {TerminalText.Clean(target)}: {m.Classes.Count} classes, {m.Dependencies.Count} dependencies, {m.Reports.Count} cycles");
            outWriter.WriteLine($"{result.UnionOnly.Count} cycles are closed only by the union (their fingerprints appear in no input)");
            foreach (var report in result.UnionOnly)
            {
                outWriter.WriteLine();
                // Class names, paths and notes come from the inputs: escape sequences in them must not reach the terminal.
                outWriter.Write(TerminalText.Clean(TextReportRenderer.Render(report)));
            }

            return (int)(m.Reports.Count > 0 ? ExitCode.CycleFound : ExitCode.Clean);
        }));
        return command;
    }

    // A live progress bar on an interactive terminal; plain lines when stderr is redirected (CI logs, tests).
    private static MergeResult WithProgress(TextWriter err, List<(string Name, DeptDocument Document)> inputs)
    {
        if (!ReferenceEquals(err, Console.Error) || Console.IsErrorRedirected)
        {
            return ReportMerger.Merge(inputs, (i, name) => err.WriteLine($"dept merge: importing {TerminalText.Clean(name)} ({i + 1}/{inputs.Count})"));
        }

        MergeResult? result = null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("importing reports", maxValue: inputs.Count);
            result = ReportMerger.Merge(inputs, (i, name) =>
            {
                task.Description = $"importing {Markup.Escape(TerminalText.Clean(name))}";
                task.Value = i;
            });
            task.Value = inputs.Count;
        });
        return result!;
    }
}
