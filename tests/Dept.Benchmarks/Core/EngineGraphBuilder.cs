using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Benchmarks.Core;

/// <summary>
/// Feeds dependencies to an engine the way lock code does: "hold class A at one site, acquire class B at another".
/// Every class is a key of its own; the sites come from a fixed set of 64 (8 start sites x 8 wait sites), as call
/// sites are a fixed set in a real program while classes and class pairs grow with its data structures.
/// </summary>
internal sealed class EngineGraphBuilder
{
    private readonly DeptEngine _engine;
    private readonly DeptKey[] _keys;
    private readonly object _outer = new();
    private readonly object _inner = new();
    private readonly DeptSite[] _enter = Enumerable.Range(0, 8).Select(i => DeptSite.Create("Monitor.Enter", $"Bench.Graph.Outer{i}", "Graph.cs", 10 + i)).ToArray();
    private readonly DeptSite[] _wait = Enumerable.Range(0, 8).Select(i => DeptSite.Create("Monitor.Enter", $"Bench.Graph.Inner{i}", "Graph.cs", 30 + i)).ToArray();
    private readonly DeptSite _exit = DeptSite.Create("Monitor.Exit", "Bench.Graph", "Graph.cs", 50);

    public EngineGraphBuilder(DeptEngine engine, DeptKey[] keys)
    {
        _engine = engine;
        _keys = keys;
    }

    /// <summary>Creates one key per class id 1..<paramref name="classes"/> (index 0 unused).</summary>
    public static DeptKey[] Keys(int classes, string prefix)
        => [.. Enumerable.Range(0, classes + 1).Select(i => new DeptKey($"{prefix}.C{i}"))];

    /// <summary>One lock nesting: class <paramref name="from"/> held while class <paramref name="to"/> is acquired.</summary>
    public void Nest(int from, int to)
    {
        _engine.Acquire(_keys[from], _outer, _enter[from & 7]);
        _engine.Acquire(_keys[to], _inner, _wait[to & 7]);
        _engine.Release(_inner, _exit);
        _engine.Release(_outer, _exit);
    }
}
