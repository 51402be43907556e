using Dept.Core.Dumps;
using Dept.Core.Graph;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Snapshots;

/// <summary>
/// The union of documents as a fresh engine's import makes it (<see cref="DocumentUnion.ThroughEngine"/>), built
/// without an engine (#12): a dictionary by class name and sub id, one by class pair, and the engine's own
/// <see cref="DependencyGraph"/> fed the same nodes and edges in the same order, so every dependency that closes a
/// cycle finds the same path and gives the same report. What the engine spent on a merge went to things a union
/// does not need: registering permanent keys and sites for every imported name and location, interning stacks,
/// formatting a class's hex id at every point that names it. Here a class's id is formatted once, and locations,
/// stacks, function names and threads are the inputs' own objects.
/// </summary>
/// <remarks>
/// Differences from the engine, on purpose: a dependency keeps the earliest <c>firstSeen</c> an input gave it, and a
/// report the earliest <c>detectedAt</c> of an input report of the same cycle and kind, else the time the last of
/// its dependencies was first seen (the engine stamped both with the time of the merge, so two merges of the same
/// files differed); the statistics count no thread and give this union's own memory. The agreement tests
/// (<c>GraphUnionAgreementTests</c>) compare everything else with the engine's import.
/// </remarks>
internal sealed class GraphUnion
{
    private readonly Dictionary<(string Name, int SubId), int> _classIds = new();
    private readonly Dictionary<string, bool> _callSiteNames = new(StringComparer.Ordinal);
    private readonly List<UnionClass> _classes = [null!]; // ids from 1, as the engine's and the graph's
    private readonly Dictionary<long, int> _edgeIds = new(MixedKeyComparer.Instance);
    private readonly List<UnionEdge> _edges = [];
    private readonly DependencyGraph _graph = new();
    private readonly List<DeptReport> _reports = [];
    private readonly HashSet<string> _fingerprints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _inputDetections = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public GraphUnion(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Adds a document's classes and dependencies, reporting each cycle a new dependency closes.</summary>
    public void Add(DeptDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var report in document.Reports)
        {
            var key = report.Fingerprint + "/" + report.Kind;
            if (report.DetectedAt != default && (!_inputDetections.TryGetValue(key, out var known) || report.DetectedAt < known))
            {
                _inputDetections[key] = report.DetectedAt;
            }
        }

        // An input's dependencies name its classes by the input's ids; a dependency naming no class of its own
        // document is left out, as the engine's import leaves it out.
        var ids = new Dictionary<string, int>(document.Classes.Count, StringComparer.Ordinal);
        foreach (var c in document.Classes)
        {
            ids[c.Id] = ClassOf(c);
        }

        foreach (var d in document.Dependencies)
        {
            if (ids.TryGetValue(d.From, out var from) && ids.TryGetValue(d.To, out var to))
            {
                AddDependency(d, from, to);
            }
        }
    }

    /// <summary>Returns the union as a document (mode potential), as <c>DeptEngine.CreateDocument</c> gives it.</summary>
    public DeptDocument ToDocument(string? source)
    {
        var classes = new DeptClassInfo[_classes.Count - 1];
        for (var i = 1; i < _classes.Count; i++)
        {
            var c = _classes[i];
            classes[i - 1] = new DeptClassInfo { Id = c.Id, Name = c.Name, SubId = c.SubId, EventType = c.EventType, IsCallSite = c.IsCallSite };
        }

        var dependencies = new DeptDependencyInfo[_edges.Count];
        for (var i = 0; i < dependencies.Length; i++)
        {
            dependencies[i] = Dependency(_edges[i]);
        }

        return new DeptDocument
        {
            Mode = DeptDocumentMode.Potential,
            Source = source,
            CreatedAt = _time.GetUtcNow(),
            Classes = classes,
            Dependencies = dependencies,
            Reports = [.. _reports],
            Stats = new DeptStats
            {
                Classes = classes.Length,
                Dependencies = dependencies.Length,
                CycleChecks = _graph.CycleChecks,
                Reports = _reports.Count,
                PoolBytes =
                [
                    new("dep", _graph.ApproximateBytes + (_edgeIds.Count * 24L) + (_edges.Count * 64L)),
                    new("class", ((_classIds.Count + _callSiteNames.Count) * 40L) + (_classes.Count * 72L)),
                    new("stack", 0),
                    new("ecxt", 0),
                    new("wait", 0),
                ],
            },
        };
    }

    // The engine's classes are keyed by name and sub id, the name by one interned key whether a call site or not: the
    // first class of a name decides it for all its sub ids.
    private int ClassOf(DeptClassInfo c)
    {
        if (_classIds.TryGetValue((c.Name, c.SubId), out var id))
        {
            return id;
        }

        if (!_callSiteNames.TryGetValue(c.Name, out var isCallSite))
        {
            _callSiteNames.Add(c.Name, isCallSite = c.IsCallSite);
        }

        id = _classes.Count;
        _classes.Add(new UnionClass(c.Name, c.SubId, isCallSite));
        _classIds.Add((c.Name, c.SubId), id);
        _graph.AddNode(id);
        return id;
    }

    // DeptEngine.AddDependencyLocked for an import: the first input to name a pair keeps its context; a later one
    // without a timeout clears the pair's timeout, which may turn a timeout cycle into a deadlock.
    private void AddDependency(DeptDependencyInfo d, int from, int to)
    {
        var ctx = d.Context;
        if (!d.Implicit && ctx.Event.Location is not null)
        {
            _classes[from].EventPoint ??= ctx.Event;
        }

        var key = EdgeSet.Key(from, to);
        if (_edgeIds.TryGetValue(key, out var index))
        {
            var existing = _edges[index];
            existing.FirstSeen = Earliest(existing.FirstSeen, d.FirstSeen);
            if (d.Timeout || !existing.Timeout)
            {
                return;
            }

            existing.Timeout = false;
            Report(from, _graph.FindPath(to, from));
            return;
        }

        _edgeIds.Add(key, _edges.Count);
        _edges.Add(new UnionEdge
        {
            From = from,
            To = to,
            Timeout = d.Timeout,
            Implicit = d.Implicit,
            Source = d,
            Stack = (d.Implicit ? ctx.Event.Stack : ctx.Wait.Stack) ?? [],
            FirstSeen = d.FirstSeen,
        });
        if (_graph.AddEdge(from, to))
        {
            Report(from, from == to ? [from] : _graph.FindPath(to, from));
        }
    }

    // DeptEngine.BuildReport: one context per edge of from -> path[0] -> ... -> from, starting with the new one; one
    // report per cycle and kind.
    private void Report(int from, List<int>? path)
    {
        if (path is null)
        {
            return;
        }

        var nodes = new List<int>(path.Count + 1) { from };
        if (!(path.Count == 1 && path[0] == from))
        {
            nodes.AddRange(path.Take(path.Count - 1));
        }

        var edges = new UnionEdge[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            edges[i] = _edges[_edgeIds[EdgeSet.Key(nodes[i], nodes[(i + 1) % nodes.Count])]];
        }

        var fingerprint = Fingerprint.Of(nodes.Select(n => _classes[n].Label).ToArray());
        var kind = edges.Any(static e => e.Timeout) ? DeptReportKind.TimeoutCircularDependency
            : nodes.Count == 1 ? DeptReportKind.AADeadlock
            : DeptReportKind.Deadlock;
        var key = fingerprint + "/" + kind;
        if (!_fingerprints.Add(key))
        {
            return;
        }

        _reports.Add(new DeptReport
        {
            Kind = kind,
            Fingerprint = fingerprint,
            Contexts = [.. edges.Select(Context)],
            DetectedAt = _inputDetections.TryGetValue(key, out var detected) ? detected : Completed(edges),
        });
    }

    // When an input's report of the same cycle is not there to say it: the time the cycle's last dependency was first
    // seen, the moment a single run holding all the inputs would have found it.
    private DateTimeOffset Completed(UnionEdge[] edges)
    {
        var last = edges.Max(static e => e.FirstSeen);
        return last == default ? _time.GetUtcNow() : last;
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b)
        => a == default ? b : b == default ? a : (b < a ? b : a);

    // ReportBuilder.Context over an imported record: a point with a location is an imported site (its function and
    // location as the input gave them); one without falls back to the role's name. An input point, context or
    // dependency equal to what the engine would have made is given back as it is: inputs written by an engine
    // usually are, and a merge of two 100k-class reports then makes a few objects, not millions.
    private DeptReportContext Context(UnionEdge e, int index)
    {
        var from = _classes[e.From];
        var source = e.Source.Context;
        var start = e.Implicit
            ? Point(source.Start, "request", from, [], "(wait to wake up) requested")
            : Point(source.Start, "enter", from, [], null);
        var wait = Point(source.Wait, "wait", _classes[e.To], e.Implicit ? [] : e.Stack, null);
        var fired = e.Implicit ? Point(source.Event, "event", from, e.Stack, null) : Release(from);
        var name = ReportBuilder.Letter(index);
        if (ReferenceEquals(start, source.Start) && ReferenceEquals(wait, source.Wait) && SameAs(fired, source.Event)
            && source.Timeout == e.Timeout && string.Equals(source.Name, name, StringComparison.Ordinal))
        {
            return source;
        }

        return new DeptReportContext { Name = name, Start = start, Wait = wait, Event = fired, Timeout = e.Timeout, Thread = source.Thread };
    }

    private DeptDependencyInfo Dependency(UnionEdge e)
    {
        var (from, to, source) = (_classes[e.From], _classes[e.To], e.Source);
        var context = Context(e, 0);
        if (ReferenceEquals(context, source.Context) && source.Timeout == e.Timeout && source.FirstSeen == e.FirstSeen
            && string.Equals(source.From, from.Id, StringComparison.Ordinal) && string.Equals(source.To, to.Id, StringComparison.Ordinal))
        {
            return source;
        }

        return new DeptDependencyInfo { From = from.Id, To = to.Id, Timeout = e.Timeout, Implicit = e.Implicit, Context = context, FirstSeen = e.FirstSeen };
    }

    // A release is never an event the engine records per dependency: an explicit dependency's [E] is the site its
    // class remembers, the same point for all of them.
    private static DeptReportPoint Release(UnionClass cls)
    {
        if (cls.Release is null || !ReferenceEquals(cls.ReleaseFor, cls.EventPoint))
        {
            cls.Release = cls.EventPoint is { } site
                ? Point(site, "release", cls, [], "(a site that fires this event)")
                : Point(null, "release", cls, [], "(N/A: no release seen yet)");
            cls.ReleaseFor = cls.EventPoint;
        }

        return cls.Release;
    }

    private static DeptReportPoint Point(DeptReportPoint? site, string fallback, UnionClass cls, IReadOnlyList<string> stack, string? note)
    {
        var function = site?.Location is null ? fallback : site.Function;
        if (site is not null && site.SubId == cls.SubId && string.Equals(site.Function, function, StringComparison.Ordinal)
            && string.Equals(site.ClassId, cls.Id, StringComparison.Ordinal) && string.Equals(site.ClassName, cls.Name, StringComparison.Ordinal)
            && string.Equals(site.Note, note, StringComparison.Ordinal) && SameFrames(site.Stack, stack))
        {
            return site;
        }

        return new DeptReportPoint
        {
            Function = function,
            ClassId = cls.Id,
            ClassName = cls.Name,
            SubId = cls.SubId,
            Location = site?.Location,
            Stack = stack,
            Note = note,
        };
    }

    private static bool SameAs(DeptReportPoint a, DeptReportPoint b)
        => ReferenceEquals(a, b)
            || (a.SubId == b.SubId && string.Equals(a.Function, b.Function, StringComparison.Ordinal)
                && string.Equals(a.ClassId, b.ClassId, StringComparison.Ordinal) && string.Equals(a.ClassName, b.ClassName, StringComparison.Ordinal)
                && string.Equals(a.Note, b.Note, StringComparison.Ordinal) && Equals(a.Location, b.Location) && SameFrames(a.Stack, b.Stack));

    private static bool SameFrames(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
