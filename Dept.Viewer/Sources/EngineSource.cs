using Dept.Core.Annotations;
using Dept.Core.Dumps;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Viewer.Model;

namespace Dept.Viewer.Sources;

/// <summary>
/// A running engine. Snapshots are reused for <c>maxAge</c> so a burst of requests (or several pollers) costs one
/// document; the revision only changes when the graph grows, so the page reloads only then.
/// </summary>
internal sealed class EngineSource(DeptEngine engine, TimeSpan maxAge, TimeProvider? time = null) : IDeptSource
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private (ViewGraph Graph, DeptStats Stats, long At)? _cached;

    public ViewGraph Snapshot() => Current().Graph;

    public string ProcStats() => ProcFormat.DeptStats(Current().Stats);

    private (ViewGraph Graph, DeptStats Stats, long At) Current()
    {
        // The endpoint's own synchronization must never show up in the graph it serves.
        using var suppress = DeptContext.Suppress();
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_cached is { } c && _time.GetElapsedTime(c.At, now) <= maxAge)
            {
                return c;
            }

            var document = engine.CreateDocument();
            var stats = document.Stats ?? engine.GetStats();
            // Classes, dependencies and reports only grow, so their sum changes exactly when the graph does.
            var revision = stats.Classes + stats.Dependencies + stats.Reports;
            var source = document.Source ?? $"live process {Environment.ProcessId}";
            var graph = DocumentAdapter.ToView(document, source, "live", revision, stats, live: true);
            _cached = (graph, stats, now);
            return _cached.Value;
        }
    }
}
