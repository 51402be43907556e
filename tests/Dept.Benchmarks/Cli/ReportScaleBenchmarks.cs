using System.CommandLine;
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

    /// <summary>
    /// <c>dept merge a.json b.json -o m.json</c>, the command itself (its parse, read of both in parallel, union, write
    /// and printed cycles, in its no-collection region), its output to a null writer.
    /// </summary>
    [Benchmark]
    public int Merge() => Dept.Viewer.Cli.DeptCli.Build().Parse(["merge", _a, _b, "-o", Path.Combine(_directory, "m.json")])
        .Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });

    /// <summary><c>dept export a.json -f dot -o a.dot</c>, the command itself (read, view, DOT, in its no-collection region).</summary>
    [Benchmark]
    public long ExportDot()
    {
        var path = Path.Combine(_directory, "a.dot");
        var code = Dept.Viewer.Cli.DeptCli.Build().Parse(["export", _a, "-f", "dot", "-o", path])
            .Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });
        return code == 0 ? new FileInfo(path).Length : throw new InvalidOperationException($"dept export failed ({code})");
    }

    /// <summary><c>dept view a.json</c> up to serving: read, build the view, render <c>/api/graph</c> once.</summary>
    [Benchmark]
    public long ViewFirstGraph()
    {
        var source = new DocumentSource(DeptDocumentJson.ReadFileWithoutDependencyStacks(_a), "a.json");
        using var sink = new MemoryStream();
        Dept.Viewer.Model.GraphJson.Write(source.Snapshot(), sink, indented: false);
        return sink.Length;
    }
}
