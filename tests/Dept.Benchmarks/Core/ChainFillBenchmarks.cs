using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Tracking;

namespace Dept.Benchmarks.Core;

/// <summary>
/// Issue #12 target: a chain of 100,000 classes (C1 held while C2 is acquired, C2 while C3, ...) fills a fresh engine
/// with default options in under 1 s: 100,000 new classes and 99,999 new dependencies through the lock path. The
/// chain is the shape whose close class ids made <c>long</c>'s <c>from ^ to</c> hash collide (6.6 s before).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ChainFillBenchmarks
{
    public const int Classes = 100_000;
    private DeptKey[] _keys = [];

    [GlobalSetup]
    public void Setup() => _keys = EngineGraphBuilder.Keys(Classes, "Bench.Chain");

    [Benchmark]
    public long FillChain()
    {
        var engine = new DeptEngine(new DeptOptions());
        var builder = new EngineGraphBuilder(engine, _keys);
        for (var i = 1; i < Classes; i++)
        {
            builder.Nest(i, i + 1);
        }

        var dependencies = engine.GetStats().Dependencies;
        return dependencies == Classes - 1 ? dependencies : throw new InvalidOperationException($"the chain has {dependencies} dependencies");
    }
}
