using BenchmarkDotNet.Attributes;
using Dept.Core.Snapshots;
using Dept.Viewer.Exports;
using Dept.Viewer.Merge;
using Dept.Viewer.Sources;

namespace Dept.Benchmarks.Cli;

/// <summary>
/// The report commands at 100k classes (#12, #13): what <c>dept merge</c>, <c>dept export</c> and <c>dept view</c> do,
/// against reading the report as the baseline (the target: about the time of reading it). Two synthetic shards of
/// 100,000 classes and about 200,000 dependencies each (<see cref="SyntheticReports"/>), written once to temporary files.
/// </summary>
[MemoryDiagnoser]
public class ReportScaleBenchmarks
{
    private string _directory = string.Empty;
    private string _a = string.Empty;
    private string _b = string.Empty;

    [Params(100_000)]
    public int Classes { get; set; } = 100_000;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("dept-scale-").FullName;
        SyntheticReports.Make(_directory, Classes, edgesPerClass: 2);
        (_a, _b) = (Path.Combine(_directory, "a.json"), Path.Combine(_directory, "b.json"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Reading one report: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public int Read() => DeptDocumentJson.ReadFile(_a).Classes.Count;

    /// <summary><c>dept merge a.json b.json -o m.json</c>: read both (in parallel, as the command does), import into one engine, write the union.</summary>
    [Benchmark]
    public int Merge()
    {
        var documents = Dept.Viewer.Cli.ReportFiles.TryReadAll([_a, _b], "merge", TextWriter.Null)!;
        var result = ReportMerger.Merge([("a.json", documents[0]), ("b.json", documents[1])]);
        DeptDocumentJson.WriteFile(result.Merged, Path.Combine(_directory, "m.json"));
        return result.Merged.Reports.Count;
    }

    /// <summary><c>dept export a.json -f dot -o a.dot</c>.</summary>
    [Benchmark]
    public long ExportDot()
    {
        var document = DeptDocumentJson.ReadFile(_a);
        var graph = DocumentAdapter.ToView(document, "a.json", "potential", 0);
        var path = Path.Combine(_directory, "a.dot");
        Dept.Core.Files.OutputFile.Write(path, s => new DotExporter().Export(graph, s));
        return new FileInfo(path).Length;
    }

    /// <summary><c>dept view a.json</c> up to serving: read, build the view, render <c>/api/graph</c> once.</summary>
    [Benchmark]
    public long ViewFirstGraph()
    {
        var source = new DocumentSource(DeptDocumentJson.ReadFile(_a), "a.json");
        using var sink = new MemoryStream();
        Dept.Viewer.Model.GraphJson.Write(source.Snapshot(), sink, indented: false);
        return sink.Length;
    }
}
