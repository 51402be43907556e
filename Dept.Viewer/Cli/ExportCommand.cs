using System.CommandLine;
using Dept.Core.Text;
using Dept.Viewer.Exports;
using Dept.Viewer.Sources;

namespace Dept.Viewer.Cli;

/// <summary><c>dept export &lt;report.json&gt; --format dot|dgml|graphml|json [-o file]</c> (#5). Exit 0 written, 1 error.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var report = new Argument<string>("report") { Description = "A dept.report/1 JSON file." };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", Required = true };
        format.AcceptOnlyFromAmong([.. GraphExporters.Formats]);
        var output = new Option<string?>("--output", "-o") { Description = "Output file (written whole or not at all); default: standard output." };
        var command = new Command("export", "Convert a report's dependency graph to DOT (Graphviz), DGML (Visual Studio), GraphML or the viewer's JSON.");
        command.Arguments.Add(report);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(r =>
        {
            var err = r.InvocationConfiguration.Error;
            var path = r.GetValue(report)!;
            var document = ReportFiles.TryRead(path, "export", err);
            if (document is null)
            {
                return (int)ExitCode.Error;
            }

            var target = r.GetValue(output);
            if (target is not null && !ReportFiles.CheckOutput(target, [path], "export", err))
            {
                return (int)ExitCode.Error;
            }

            var exporter = GraphExporters.Find(r.GetValue(format)!)!;
            var graph = DocumentAdapter.ToView(document, Path.GetFileName(path), document.Mode.ToString().ToLowerInvariant(), 0);
            try
            {
                if (target is null)
                {
                    WriteToOutput(r.InvocationConfiguration.Output, s => exporter.Export(graph, s));
                }
                else
                {
                    ReportFiles.Write(target, [path], s => exporter.Export(graph, s));
                    err.WriteLine($"dept export: wrote {graph.Classes.Count} classes, {graph.Edges.Count} dependencies to {target}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                err.WriteLine($"dept export: cannot write {TerminalText.Clean(target)}: {TerminalText.Clean(ex.Message)}");
                return (int)ExitCode.Error;
            }

            return (int)ExitCode.Clean;
        });
        return command;
    }

    // Standard output: straight to the process's stdout stream when it is the console (no whole-output string, #12);
    // through the writer when a caller captured it (tests, hosts).
    private static void WriteToOutput(TextWriter output, Action<Stream> export)
    {
        if (ReferenceEquals(output, Console.Out))
        {
            using var stdout = Console.OpenStandardOutput();
            export(stdout);
            stdout.Flush();
            return;
        }

        using var buffer = new MemoryStream();
        export(buffer);
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
