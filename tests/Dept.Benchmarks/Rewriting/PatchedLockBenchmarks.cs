using System.Reflection;
using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Options;
using Dept.Core.Tracking;
using Dept.Instrumentation.Rewriting;

namespace Dept.Benchmarks.Rewriting;

/// <summary>
/// The cost of the patch layer on a hot, known lock-order edge: <c>lock (a) { lock (b) { } }</c> from
/// Dept.Rewriting.Samples, once as built (baseline) and once rewritten with Dept's BCL patches, both loaded in their
/// own load context and called through the same delegate shape, with the engine running. After the first call the
/// edge is known, so the patched path is shim + patch + engine fast path. Target (engine issue): at most 2.5x raw.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 5)]
[MemoryDiagnoser]
public class PatchedLockBenchmarks
{
    private readonly object _outer = new();
    private readonly object _inner = new();
    private string _dir = string.Empty;
    private Func<object, object, int> _raw = (_, _) => 0;
    private Func<object, object, int> _patched = (_, _) => 0;
    private Func<object, object, int> _shimOnly = (_, _) => 0;

    [GlobalSetup]
    public void Setup()
    {
        DeptRuntime.Start(new DeptOptions());
        var original = typeof(Dept.Rewriting.Samples.Calls).Assembly.Location;
        _dir = Path.Combine(Path.GetTempPath(), "dept-bench-lock-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _raw = Load(original, "raw");
        _patched = Load(Rewrite(original, "patched", builtIn: true), "patched");
        _shimOnly = Load(Rewrite(original, "shim", builtIn: false), "shim");
        _patched(_outer, _inner); // record the edge once: the benchmark measures the known-edge path
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DeptRuntime.Stop();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int Unpatched() => _raw(_outer, _inner);

    [Benchmark]
    public int Patched() => _patched(_outer, _inner);

    /// <summary>Rewritten with no-op patches: the shim layer's own share of <see cref="Patched"/>.</summary>
    [Benchmark]
    public int ShimOnly() => _shimOnly(_outer, _inner);

    private string Rewrite(string original, string name, bool builtIn)
    {
        var options = new DeptRewriteOptions { OutputDirectory = Path.Combine(_dir, name), ScanInputDirectories = false, IncludeBuiltInPatches = builtIn };
        options.Assemblies.Add(original);
        if (!builtIn)
        {
            options.PatchAssemblies.Add(typeof(NoOpMonitorEnterPatch).Assembly.Location);
        }

        var result = DeptRewriter.Rewrite(options)[0];
        return result.Outcome == DeptRewriteOutcome.Rewritten ? result.Output : throw new InvalidOperationException($"{result.Outcome}: {result.Message}");
    }

    private static Func<object, object, int> Load(string path, string name)
    {
        var context = new SamplesContext(path, name);
        var method = context.LoadFromAssemblyPath(path).GetType("Dept.Rewriting.Samples.Calls", throwOnError: true)!.GetMethod("NestedLock")!;
        return method.CreateDelegate<Func<object, object, int>>();
    }

    private sealed class SamplesContext(string path, string name) : AssemblyLoadContext(name)
    {
        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name == "Dept.Rewriting.Samples" ? LoadFromAssemblyPath(path) : null;
    }
}
