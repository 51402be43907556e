using System.Collections.Concurrent;
using Dept.Core.Annotations;
using Dept.Core.Classes;
using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Core.Tracking;

// Statistics, documents and import (what the viewer, the CLI and merges read).
public sealed partial class DeptEngine
{
    private static readonly ConcurrentDictionary<(string Function, string? Member, string? File, int Line, int IlOffset), DeptSite> s_importedSites = new();
    private long _deadWaits;
    private long _deadEvents;
    private long _deadEventContexts;
    private long _threadCount;

    /// <summary>Returns the counters and memory now.</summary>
    public DeptStats GetStats()
    {
        long waits = _deadWaits, events = _deadEvents, ecxts = _deadEventContexts, threads;
        int live;
        lock (_threads)
        {
            foreach (var t in _threads)
            {
                var lockPath = Volatile.Read(ref t.LockPathAcquires); // each one a wait and an event context
                waits += Volatile.Read(ref t.Waits) + lockPath;
                events += Volatile.Read(ref t.Events);
                ecxts += Volatile.Read(ref t.EventContexts) + lockPath;
            }

            live = _threads.Count;
            threads = _threadCount;
        }

        lock (_graphLock)
        {
            return new DeptStats
            {
                Classes = _classes.Count,
                Dependencies = _store.Count,
                Waits = waits,
                Events = events,
                EventContexts = ecxts,
                CycleChecks = _graph.CycleChecks,
                Reports = _reports.Count,
                Threads = threads,
                DroppedDependencies = _droppedEdges,
                UnreachableEvents = Interlocked.Read(ref _unreachableReports),
                NeverFiredEvents = Interlocked.Read(ref _neverFiredReports),
                TrackedSources = Interlocked.Read(ref _shared.TrackedSources),
                PoolBytes =
                [
                    new("dep", _edges.ApproximateBytes + _graph.ApproximateBytes + _store.ApproximateBytes + _names.ApproximateBytes),
                    new("class", _classes.ApproximateBytes),
                    new("stack", _stacks.ApproximateBytes),
                    new("ecxt", live * (long)_maxHeld * 32),
                    new("wait", live * (long)_maxHistory * 32),
                ],
                Stopped = _stopped,
                StopReason = StopReason,
            };
        }
    }

    /// <summary>Returns everything learned so far as a document (mode potential).</summary>
    public DeptDocument CreateDocument(IReadOnlyList<DeptUninstrumentedCall>? uninstrumented = null)
    {
        var stats = GetStats();
        lock (_graphLock)
        {
            return new DeptDocument
            {
                Mode = DeptDocumentMode.Potential,
                Source = Options.Source,
                CreatedAt = Options.TimeProvider.GetUtcNow(),
                Classes = _classes.All().Select(static c => new DeptClassInfo
                {
                    Id = StableHash.Hex(c.StableId),
                    Name = c.Name,
                    SubId = c.SubId,
                    EventType = c.EventType,
                    IsCallSite = c.Key.IsCallSite,
                }).ToArray(),
                Dependencies = Enumerable.Range(1, _store.Count).Select(View).Select(r => new DeptDependencyInfo
                {
                    From = StableHash.Hex(_classes.Get(r.From).StableId),
                    To = StableHash.Hex(_classes.Get(r.To).StableId),
                    Timeout = r.Timeout,
                    Implicit = r.Implicit,
                    Context = ReportBuilder.Context(r, 0, _classes),
                    FirstSeen = r.FirstSeen,
                }).ToArray(),
                Reports = _reports.ToArray(),
                Stats = stats,
                Uninstrumented = uninstrumented ?? [],
            };
        }
    }

    /// <summary>
    /// Adds a document's classes and dependencies to this engine's graph, running cycle detection on each new
    /// dependency exactly as if it had been seen here; cycles that the union closes are reported (and returned).
    /// </summary>
    public IReadOnlyList<DeptReport> Import(DeptDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var t = CurrentContext();
        t.Busy++;
        var found = new List<DeptReport>();
        try
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var c in document.Classes)
            {
                var key = c.IsCallSite ? DeptKey.ForCallSiteName(c.Name) : DeptKey.Named(c.Name);
                var id = ClassOf(key, c.SubId);
                if (id != 0)
                {
                    ids[c.Id] = id;
                }
            }

            foreach (var d in document.Dependencies)
            {
                if (!ids.TryGetValue(d.From, out var from) || !ids.TryGetValue(d.To, out var to))
                {
                    continue;
                }

                var ctx = d.Context;
                var draft = new DependencyDraft(from, to, d.Timeout, d.Implicit, SiteId(ctx.Start), SiteId(ctx.Wait), d.Implicit ? SiteId(ctx.Event) : 0, null);
                var stack = d.Implicit ? ctx.Event.Stack : ctx.Wait.Stack;
                if (d.Implicit is false && ctx.Event.Location is not null)
                {
                    var cls = _classes.Get(from);
                    cls.EventSite ??= Site(ctx.Event);
                }

                var report = AddDependencyLocked(draft, stack, ctx.Thread, out _);
                if (report is not null)
                {
                    found.Add(report);
                    Deliver(report);
                }
            }
        }
        finally
        {
            t.Busy--;
        }

        return found;
    }

    // One site per distinct imported location, for the process: sites are registered for good (DeptSite.FromId), so
    // merging many documents must not create one per dependency.
    private static DeptSite? Site(DeptReportPoint point)
        => point.Location is { } l
            ? s_importedSites.GetOrAdd((point.Function, l.Member, l.File, l.Line, l.IlOffset), static k => DeptSite.Create(k.Function, k.Member, k.File, k.Line, k.IlOffset))
            : null;

    private static int SiteId(DeptReportPoint point) => Site(point)?.Id ?? 0;

    // Caller holds _threads. Threads that ended keep their counts but release their rings.
    private void PruneDeadThreads()
    {
        _threadCount++;
        for (var i = _threads.Count - 1; i >= 0; i--)
        {
            var t = _threads[i];
            if (!t.IsAlive)
            {
                _deadWaits += t.Waits + t.LockPathAcquires;
                _deadEvents += t.Events;
                _deadEventContexts += t.EventContexts + t.LockPathAcquires;
                _threads.RemoveAt(i);
            }
        }
    }
}
