using System.CommandLine;
using Dept.Core.Text;
using Dept.Viewer.Exports;
using Dept.Viewer.Sources;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>dept export &lt;report.json&gt; --format dot|dgml|graphml|json|svg|mermaid [--cycle N | --class NAME [--depth D] | --overview] [-o file]</c>
/// (#5, #15). Exit 0 written, 1 error.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var report = new Argument<string>("report") { Description = "A dept.report/2 (or /1) JSON file." };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", Required = true };
        format.AcceptOnlyFromAmong([.. GraphExporters.Formats]);
        var output = new Option<string?>("--output", "-o") { Description = "Output file (written whole or not at all); default: standard output." };
        var cycle = new Option<int?>("--cycle") { Description = "Only reported cycle N (1-based, as dept show numbers them)." };
        var @class = new Option<string?>("--class") { Description = "Only this class's neighbourhood (exact name)." };
        var overview = new Option<bool>("--overview") { Description = "The condensation: one node per strongly connected component (cycles in red)." };
        var depth = new Option<int>("--depth") { Description = $"With --class: hops each way (1-{Model.ViewGraph.MaxDepth}).", DefaultValueFactory = _ => 2 };
        var command = new Command("export", "Convert a report's dependency graph to DOT (Graphviz), DGML (Visual Studio), GraphML, the viewer's JSON, an SVG picture or a Mermaid flowchart.");
        command.Arguments.Add(report);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(cycle);
        command.Options.Add(@class);
        command.Options.Add(depth);
        command.Options.Add(overview);
        // Read, view and export without collections (#12): see NoCollectionRegion.
        command.SetAction(r => NoCollectionRegion.Run(NoCollectionRegion.SizeOf([r.GetValue(report)!]), NoCollectionRegion.ForExport, () =>
        {
            var err = r.InvocationConfiguration.Error;
            var path = r.GetValue(report)!;
            var document = ReportFiles.TryRead(path, "export", err, withoutDependencyStacks: true);
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
                graph = Select(graph, r.GetValue(cycle), r.GetValue(@class), r.GetValue(depth), r.GetValue(overview));
            }
            catch (ArgumentException ex)
            {
                err.WriteLine($"dept export: {TerminalText.Clean(path)}: {TerminalText.Clean(ex.Message)}");
                return (int)ExitCode.Error;
            }

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
        }));
        return command;
    }

    private static Model.ViewGraph Select(Model.ViewGraph graph, int? cycle, string? className, int depth, bool overview) => (cycle, className, overview) switch
    {
        ({ }, { }, _) or ({ }, _, true) or (_, { }, true) => throw new ArgumentException("--cycle, --class and --overview select different things; give one of them"),
        ({ } n, null, false) => GraphSelection.Cycle(graph, n),
        (null, { } name, false) => GraphSelection.Neighbourhood(graph, name, depth),
        (null, null, true) => GraphSelection.Overview(graph),
        _ => graph,
    };

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
