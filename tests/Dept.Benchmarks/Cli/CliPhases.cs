using System.Diagnostics;
using Dept.Core.Snapshots;
using Dept.Viewer.Exports;
using Dept.Viewer.Merge;
using Dept.Viewer.Sources;

namespace Dept.Benchmarks.Cli;

/// <summary>
/// <c>--cli-phases a.json b.json</c>: where the time of <c>dept export</c> and <c>dept merge</c> goes, phase by phase,
/// as wall and process CPU time (#12). Each phase runs twice; the second run is the warm figure (no JIT).
/// </summary>
internal static class CliPhases
{
    public static void Run(string a, string b)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(a))!;
        for (var round = 1; round <= 2; round++)
        {
            Console.WriteLine($"round {round}");
            // The floor: the file's bytes and the JSON tokenizer over them, building nothing.
            var bytes = Phase("file bytes", () => File.ReadAllBytes(a));
            Phase("tokenize only", () =>
            {
                var reader = new System.Text.Json.Utf8JsonReader(bytes);
                var n = 0;
                while (reader.Read())
                {
                    n++;
                }

                return n;
            });
            bytes = null;
            var lean = Phase("read (export/view/stats: no dependency stacks)", () => Dept.Viewer.Cli.ReportFiles.TryRead(a, "export", TextWriter.Null, withoutDependencyStacks: true)!);
            Console.WriteLine($"  (dependency arrays read in two halves so far: {LeanDocumentReader.SplitReads})");
            var graph = Phase("view", () => DocumentAdapter.ToView(lean, "a.json", "potential", 0));
            Phase("dot", () => Dept.Core.Files.OutputFile.Write(Path.Combine(directory, "phases.dot"), s => new DotExporter().Export(graph, s)));
            lean = null;
            var documents = Phase("read both (merge, parallel)", () => Dept.Viewer.Cli.ReportFiles.TryReadAll([a, b], "merge", TextWriter.Null)!);
            Phase("union of the graphs alone", () => Dept.Core.Snapshots.DocumentUnion.Of(documents, "phases"));
            var merged = Phase("merge (union)", () => ReportMerger.Merge([("a.json", documents[0]), ("b.json", documents[1])]));
            Phase("write merged", () => DeptDocumentJson.WriteFile(merged.Merged, Path.Combine(directory, "phases.json")));
            // Garbage before the commands run: their region starts with a collection of what is still alive.
            documents = null!;
            merged = null!;
            // The commands as they run (one no-collection region each); what a user waits for, less process start.
            Phase("dept export -f dot (the command)", () => Command(["export", a, "-f", "dot", "-o", Path.Combine(directory, "phases.dot")]));
            Phase("dept merge (the command)", () => Command(["merge", a, b, "-o", Path.Combine(directory, "phases.json")]));
        }
    }

    private static T Phase<T>(string name, Func<T> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var collections = GC.CollectionCount(0);
        var wall = Stopwatch.StartNew();
        var result = work();
        Console.WriteLine(
            $"  {name,-50} {wall.Elapsed.TotalSeconds,6:F2} s wall {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds,6:F2} s CPU"
            + $" {(GC.GetTotalAllocatedBytes() - allocated) / (1 << 20),6} MiB allocated {GC.CollectionCount(0) - collections,3} GCs");
        return result;
    }

    private static int Command(string[] args)
        => Dept.Viewer.Cli.DeptCli.Build().Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });

    private static void Phase(string name, Action work) => Phase(name, () =>
    {
        work();
        return 0;
    });
}
