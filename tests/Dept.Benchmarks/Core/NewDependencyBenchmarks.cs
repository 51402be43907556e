using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Tracking;

namespace Dept.Benchmarks.Core;

/// <summary>
/// Issue #12 target: the first sighting of a dependency through the engine (lock path, edge record, stack as shipped,
/// cycle check) costs at most 1 µs at 100,000 classes and about 1,000,000 edges, with the default options, also after
/// cycles have been reported. Setup feeds 900,000 dependencies of <see cref="GraphBenchmarks.MakeDag"/>'s shape (ids
/// by first sight) and then closes 100 cycles (100 reports, on 200 more classes); each invocation then adds 6,000 dependencies never seen
/// before (the next slice of the same graph), so every measured call is a new edge. Bytes retained per new
/// dependency: run with <c>--engine-memory</c> (<see cref="ReportMemory"/>).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
[MemoryDiagnoser]
public class NewDependencyBenchmarks
{
    // BenchmarkDotNet calls the method once more after the measured iterations (2 warm-ups + 10 + 1 = 13 calls): 16
    // slices of 6,000 leave room, within the 100,000 edges the graph keeps unseen.
    public const int Slice = 6_000;
    public const int Slices = 16;
    public const int Base = 900_000;
    private (int From, int To)[] _edges = [];
    private EngineGraphBuilder _builder = null!;
    private DeptEngine _engine = null!;
    private int _next;

    [GlobalSetup]
    public void Setup() => (_engine, _builder, _edges) = Build();

    /// <summary>Adds the next <see cref="Slice"/> never-seen dependencies.</summary>
    [Benchmark(OperationsPerInvoke = Slice)]
    public long NewDependency()
    {
        if (_next + Slice > _edges.Length)
        {
            throw new InvalidOperationException("no unseen edges left: run this benchmark with its own job (at most 16 invocations), not --job short/dry");
        }

        for (var i = _next; i < _next + Slice; i++)
        {
            _builder.Nest(_edges[i].From, _edges[i].To);
        }

        _next += Slice;
        return _engine.GetStats().Dependencies;
    }

    /// <summary>Prints bytes retained per new dependency (GC heap growth over 96,000 new ones at the benchmark's scale).</summary>
    public static void ReportMemory()
    {
        var (engine, builder, edges) = Build();
        var before = Heap();
        var count = edges.Length;
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (from, to) in edges)
        {
            builder.Nest(from, to);
        }

        watch.Stop();
        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"GCs during the pass: gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms");
        var after = Heap();
        var stats = engine.GetStats();
        GC.KeepAlive(engine);
        Console.WriteLine($"engine memory: {(after - before) / (double)count:F1} bytes retained per new dependency; one cold pass took {watch.Elapsed.TotalMilliseconds * 1000 / count:F2} µs wall-clock and {cpu.TotalMilliseconds * 1000 / count:F2} µs of process CPU per new dependency (a check, not a measurement: use the benchmark) ({count:N0} new over {Base:N0} + 100 cycles, {stats.Classes:N0} classes, {stats.Dependencies:N0} dependencies, {stats.Reports} reports; default options: stacks captured, shared by site pair)");
    }

    /// <summary>
    /// <c>--new-dependency-profile [repeat]</c>: where the time of a new dependency goes, for perf and for orientation
    /// (process CPU per operation, not a measurement): the cold pass of 96,000 new dependencies as in
    /// <see cref="ReportMemory"/>, then the same nestings again (now known edges: the lock path alone, same classes,
    /// same cache behaviour), and the graph's search counters. With <c>repeat</c> the known-edge pass runs that many
    /// times more, for a profiler.
    /// </summary>
    public static void Profile(int repeat)
    {
        var (engine, builder, edges) = Build();
        if (Environment.GetEnvironmentVariable("DEPT_PROFILE_CHUNKS") is { } chunkMode)
        {
            // As BenchmarkDotNet runs it: slices of Slice, a full GC before each (unless "nogc").
            for (var c = 0; c < Slices; c++)
            {
                if (chunkMode != "nogc")
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                }

                var w = System.Diagnostics.Stopwatch.StartNew();
                for (var i = c * Slice; i < (c + 1) * Slice; i++)
                {
                    builder.Nest(edges[i].From, edges[i].To);
                }

                Console.WriteLine($"slice {c}: {w.Elapsed.TotalMilliseconds * 1000 / Slice:F3} µs per new dependency");
            }

            return;
        }

        var graph = engine.CycleGraph;
        long checks = graph.CycleChecks, visited = graph.Visited, searches = graph.Searches;

        // perf record --control=fifo:PATH -D -1 ...: sample only the new-dependency pass.
        var control = Environment.GetEnvironmentVariable("DEPT_PERF_CONTROL");
        Perf(control, "enable");
        var newCpu = Cpu(() =>
        {
            foreach (var (from, to) in edges)
            {
                builder.Nest(from, to);
            }
        });
        Perf(control, "disable");
        Console.WriteLine($"new: {newCpu * 1000 / edges.Length:F3} µs CPU per new dependency; {graph.Searches - searches} of {graph.CycleChecks - checks} checks searched, {(graph.Visited - visited) / (double)edges.Length:F1} components visited per dependency");
        for (var r = 0; r <= repeat; r++)
        {
            var knownCpu = Cpu(() =>
            {
                foreach (var (from, to) in edges)
                {
                    builder.Nest(from, to);
                }
            });
            Console.WriteLine($"known: {knownCpu * 1000 / edges.Length:F3} µs CPU per nesting on the same (now known) edges");
        }

        // The benchmark reads the dependency count through GetStats once per invocation (6,000 dependencies).
        var stats = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            engine.GetStats();
        }

        Console.WriteLine($"GetStats: {stats.Elapsed.TotalMilliseconds / 10:F3} ms per call (one per benchmark invocation of {Slice:N0} dependencies)");
        GC.KeepAlive(engine);

        // The bare graph (adjacency, order, cycle check) at the same scale, without the engine around it.
        var all = GraphBenchmarks.MakeDag(new Random(42));
        var bare = new Dept.Core.Graph.DependencyGraph();
        for (var i = 1; i <= GraphBenchmarks.Classes; i++)
        {
            bare.AddNode(i);
        }

        for (var i = 0; i < Base; i++)
        {
            bare.AddEdge(all[i].From, all[i].To);
        }

        var graphCpu = Cpu(() =>
        {
            for (var i = Base; i < Base + (Slices * Slice); i++)
            {
                bare.AddEdge(all[i].From, all[i].To);
            }
        });
        Console.WriteLine($"graph: {graphCpu * 1000 / (Slices * Slice):F3} µs CPU per new edge in the bare graph (AddEdge: adjacency and cycle check)");
    }

    private static void Perf(string? fifo, string command)
    {
        if (fifo is not null)
        {
            File.WriteAllText(fifo, command + "\n");
        }
    }

    private static double Cpu(Action action)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static (DeptEngine Engine, EngineGraphBuilder Builder, (int From, int To)[] Edges) Build()
    {
        var all = GraphBenchmarks.MakeDag(new Random(42));
        // Default options unless DEPT_* variables say otherwise (e.g. DEPT_SHARE_STACKS_BY_SITE=false to see the
        // cost of a stack walk per dependency); the benchmark is specified for the defaults.
        var engine = new DeptEngine(DeptOptions.FromEnvironment());
        var builder = new EngineGraphBuilder(engine, EngineGraphBuilder.Keys(GraphBenchmarks.Classes + 200, "Bench.New"));
        for (var i = 0; i < Base; i++)
        {
            builder.Nest(all[i].From, all[i].To);
        }

        // 100 cycles reported before anything is measured, on 200 classes of their own (AB-BA pairs): before issue
        // #12 the mere existence of a cycle made every later new edge search the whole graph. A measured edge that
        // itself closed a cycle would also build that report, which is the cost of a report, not of a dependency
        // (with the cycles made by reversing 100 of the graph's own edges instead, about 1% of the measured edges
        // close a new cycle through them).
        for (var i = 0; i < 100; i++)
        {
            var a = GraphBenchmarks.Classes + 1 + (2 * i);
            builder.Nest(a, a + 1);
            builder.Nest(a + 1, a);
        }

        if (engine.GetStats().Reports < 100 || engine.GetStats().Dependencies < Base)
        {
            throw new InvalidOperationException($"setup did not build the graph: {engine.GetStats().Dependencies} dependencies, {engine.GetStats().Reports} reports");
        }

        return (engine, builder, all.Skip(Base).Take(Slices * Slice).ToArray());
    }
}
