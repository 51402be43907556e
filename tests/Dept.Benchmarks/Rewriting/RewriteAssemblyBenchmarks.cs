using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Instrumentation.Rewriting;
using Mono.Cecil;

namespace Dept.Benchmarks.Rewriting;

/// <summary>
/// Time to rewrite one assembly with Dept's BCL patches, in process (what <c>dept rewrite</c> spends after its own
/// start-up): load the patch catalog, read the module and its PDB, rewrite, write DLL + PDB. Baseline: reading the
/// same module with its PDB only. Inputs: the demo library, the rewriter samples, and Dept's own test assemblies when built.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 5)]
[MemoryDiagnoser]
public class RewriteAssemblyBenchmarks
{
    private string _input = string.Empty;
    private string _output = string.Empty;

    [ParamsSource(nameof(Inputs))]
    public string Assembly { get; set; } = string.Empty;

    public static IEnumerable<string> Inputs()
    {
        yield return "Accounts.dll";
        yield return "Dept.Rewriting.Samples.dll";
        foreach (var project in new[] { "Dept.Core.Tests", "Dept.Viewer.Tests" })
        {
            if (Locate(project) is not null)
            {
                yield return project + ".dll";
            }
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var name = Path.GetFileNameWithoutExtension(Assembly);
        _input = File.Exists(Path.Combine(AppContext.BaseDirectory, Assembly))
            ? Path.Combine(AppContext.BaseDirectory, Assembly)
            : Locate(name) ?? throw new FileNotFoundException(Assembly);
        _output = Path.Combine(Path.GetTempPath(), "dept-bench-rw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_output);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_output, recursive: true);

    [Benchmark(Baseline = true)]
    public int ReadOnly()
    {
        using var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(_input)!);
        using var module = ModuleDefinition.ReadModule(_input, new ReaderParameters { ReadSymbols = true, InMemory = true, AssemblyResolver = resolver });
        return module.Types.Count;
    }

    [Benchmark]
    public int Rewrite()
    {
        var options = new DeptRewriteOptions { OutputDirectory = _output, ScanInputDirectories = false };
        options.Assemblies.Add(_input);
        var result = DeptRewriter.Rewrite(options)[0];
        return result.Outcome is DeptRewriteOutcome.Failed ? throw new InvalidOperationException(result.Message) : result.Instrumented;
    }

    /// <summary>Dept's own test assemblies, from their build output (Release first).</summary>
    private static string? Locate(string project)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "tests", project, "bin", configuration, "net10.0", project + ".dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
