using System.Diagnostics;
using Dept.Core.Annotations;
using Dept.Core.Diagnostics;
using Dept.Core.Graph;
using Dept.Core.Options;
using Dept.Core.Reports;

namespace Dept.Core.Tracking;

// New dependencies (DEPT's add_dep + check_dl_bfs + print_circle), off the hot path.
public sealed partial class DeptEngine
{
    private readonly EdgeRecordStore _store = new();
    private int _timeoutEdges;
    private readonly StackTable _stacks = new();
    private readonly NameTable _names = new();
    private readonly List<DeptReport> _reports = new();
    private readonly HashSet<string> _fingerprints = new(StringComparer.Ordinal);
    private int _warnedClasses;
    private int _warnedEdges;
    private int _warnedHeld;
    private int _droppedEdges;

    /// <summary>Gets the reports so far, in detection order.</summary>
    public IReadOnlyList<DeptReport> Reports
    {
        get
        {
            lock (_graphLock)
            {
                return _reports.ToArray();
            }
        }
    }

    /// <summary>
    /// Records a report found outside the graph (e.g. an actual deadlock seen by the runtime-event observer) and
    /// delivers it to the reporters, so it appears in <see cref="Reports"/>, documents and the endpoint. Returns
    /// false, delivering nothing, when a report with the same fingerprint and kind was already recorded.
    /// </summary>
    public bool Publish(DeptReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_graphLock)
        {
            if (!_fingerprints.Add(report.Fingerprint + "/" + report.Kind))
            {
                return false;
            }

            _reports.Add(report);
        }

        var t = CurrentContext();
        t.Busy++;
        try
        {
            Deliver(report);
        }
        finally
        {
            t.Busy--;
        }

        return true;
    }

    /// <summary>The graph, for tests and the benchmarks' cost counters. Read it only while nothing adds dependencies.</summary>
    internal DependencyGraph CycleGraph => _graph;

    /// <summary>Gets how many stacks were walked (a cost measure for tests; racy).</summary>
    internal long StackCaptures { get; private set; }

    private void AddDependency(ThreadContext t, in DependencyDraft draft)
    {
        // Everything below may allocate, capture a stack or call reporters; nothing of it may be tracked.
        t.Busy++;
        try
        {
            var report = AddDependencyLocked(draft, null, t.ThreadName, out var wantsStack);
            if (wantsStack)
            {
                // Walked outside the graph lock: the only expensive part of a new dependency, and rare (see StackTable).
                StackCaptures++;
                report = AddDependencyLocked(draft, CaptureStack(), t.ThreadName, out _);
            }

            if (report is not null)
            {
                Deliver(report);
            }
        }
        finally
        {
            t.Busy--;
        }
    }

    /// <summary>
    /// Adds a dependency and runs the cycle check. <paramref name="frames"/> is its stack when known (imports, or the
    /// second call after a capture); when stacks are captured and none is known, it may ask for one instead
    /// (<paramref name="wantsStack"/>) and add nothing, so that the stack is walked outside the lock.
    /// </summary>
    private DeptReport? AddDependencyLocked(in DependencyDraft draft, IReadOnlyList<string>? frames, string? thread, out bool wantsStack)
    {
        wantsStack = false;
        var key = EdgeSet.Key(draft.From, draft.To);
        lock (_graphLock)
        {
            if (_stopped)
            {
                return null;
            }

            if (TryGetRecord(key, out var existing))
            {
                ref var record = ref _store[existing];
                if (draft.Timeout || !record.Timeout)
                {
                    return null; // Another thread added it first.
                }

                // A timeout-bounded edge now seen without a timeout: the cycle it is on becomes a deadlock.
                record.Timeout = false;
                _edges.Add(key, existing);
                var path = _graph.FindPath(draft.To, draft.From);
                return path is null ? null : BuildReport(draft.From, path);
            }

            if (_store.Count >= Options.MaxDependencies)
            {
                _droppedEdges++;
                WarnOnce(ref _warnedEdges, $"the dependency bound ({Options.MaxDependencies}) is reached; new dependencies are dropped. Raise {DeptOptions.EnvironmentName(nameof(DeptOptions.MaxDependencies))} (DeptOptions.MaxDependencies).");
                return null;
            }

            int stack;
            if (frames is not null)
            {
                stack = _stacks.Add(frames);
                RememberStack(draft, stack);
            }
            else if (!Options.CaptureStacks)
            {
                stack = 0;
            }
            else if (!TryStackBySites(draft, out stack))
            {
                wantsStack = true;
                return null;
            }

            var index = _store.Add(new EdgeRecord
            {
                From = draft.From,
                To = draft.To,
                Timeout = draft.Timeout,
                Implicit = draft.Implicit,
                StartSite = draft.StartSite,
                WaitSite = draft.WaitSite,
                EventSite = draft.EventSite,
                Stack = stack,
                Thread = _names.Intern(thread),
                RequestThread = _names.Intern(draft.RequestThread),
                FirstSeenTicks = Options.TimeProvider.GetUtcNow().UtcTicks,
            });
            _edges.Add(draft.Timeout ? key | TimeoutBit : key, index);
            _timeoutEdges += draft.Timeout ? 1 : 0;
            if (!_graph.AddEdge(draft.From, draft.To))
            {
                return null;
            }

            var cycle = draft.From == draft.To ? [draft.From] : _graph.FindPath(draft.To, draft.From);
            return cycle is null ? null : BuildReport(draft.From, cycle);
        }
    }

    // The stack of an explicit context is its wait's, of an implicit one its event's: keyed by the two sites that
    // fix the code path at that point ([S] and [W], or [W] and [E]).
    private static (int First, int Second) StackSites(in DependencyDraft draft)
        => draft.Implicit ? (draft.WaitSite, draft.EventSite) : (draft.StartSite, draft.WaitSite);

    private bool TryStackBySites(in DependencyDraft draft, out int stack)
    {
        stack = 0;
        var (first, second) = StackSites(draft);
        return Options.ShareStacksBySite && first != 0 && second != 0 && _stacks.TryGetBySites(first, second, out stack);
    }

    private void RememberStack(in DependencyDraft draft, int stack)
    {
        var (first, second) = StackSites(draft);
        if (stack != 0 && first != 0 && second != 0)
        {
            _stacks.SetBySites(first, second, stack);
        }
    }

    // The timeout-bounded variant is probed only when such edges exist: a second probe of a large table is a second
    // cache miss on every new dependency.
    private bool TryGetRecord(long key, out int index)
        => _edges.TryGetValue(key, out index) || (_timeoutEdges > 0 && _edges.TryGetValue(key | TimeoutBit, out index));

    /// <summary>The readable view of a record for reports and documents. Caller holds the graph lock.</summary>
    private DependencyRecord View(int index)
    {
        ref readonly var r = ref _store[index];
        return new DependencyRecord
        {
            From = r.From,
            To = r.To,
            Timeout = r.Timeout,
            Implicit = r.Implicit,
            StartSite = DeptSite.FromId(r.StartSite),
            WaitSite = DeptSite.FromId(r.WaitSite),
            EventSite = DeptSite.FromId(r.EventSite),
            Stack = _stacks[r.Stack],
            Thread = _names[r.Thread],
            RequestThread = _names[r.RequestThread],
            FirstSeen = new DateTimeOffset(r.FirstSeenTicks, TimeSpan.Zero),
        };
    }

    /// <summary>
    /// Builds the report for the cycle <paramref name="from"/> -&gt; path[0] -&gt; ... -&gt; <paramref name="from"/>,
    /// one context per edge starting with the new one. Caller holds the graph lock.
    /// </summary>
    private DeptReport? BuildReport(int from, List<int> path)
    {
        Debug.Assert(Monitor.IsEntered(_graphLock), "caller holds the graph lock");
        var nodes = new List<int>(path.Count + 1) { from };
        if (!(path.Count == 1 && path[0] == from))
        {
            nodes.AddRange(path.Take(path.Count - 1));
        }

        var edges = new List<DependencyRecord>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            TryGetRecord(EdgeSet.Key(nodes[i], nodes[(i + 1) % nodes.Count]), out var index);
            edges.Add(View(index));
        }

        var fingerprint = Fingerprint.Of(nodes.Select(n => _classes.Get(n).ToString()).ToArray());
        var kind = edges.Any(e => e.Timeout) ? DeptReportKind.TimeoutCircularDependency
            : nodes.Count == 1 ? DeptReportKind.AADeadlock
            : DeptReportKind.Deadlock;

        // One report per cycle and kind: a timeout-bounded cycle later closed without a timeout is news.
        if (!_fingerprints.Add(fingerprint + "/" + kind))
        {
            return null;
        }

        var report = new DeptReport
        {
            Kind = kind,
            Fingerprint = fingerprint,
            Contexts = edges.Select((e, i) => ReportBuilder.Context(e, i, _classes)).ToArray(),
            DetectedAt = Options.TimeProvider.GetUtcNow(),
        };
        _reports.Add(report);
        return report;
    }

    private void Deliver(DeptReport report)
    {
        foreach (var reporter in _reporters)
        {
            try
            {
                reporter.Report(report);
            }
            catch (Exception ex)
            {
                DeptSelfLog.Write($"reporter {reporter.GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private IReadOnlyList<string> CaptureStack()
    {
        var trace = new StackTrace(2, fNeedFileInfo: true);
        var frames = new List<string>(Options.MaxStackFrames);
        foreach (var frame in trace.GetFrames())
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (method is null || IsTrackerFrame(type))
            {
                continue; // The tracker's own frames say nothing about the user's code.
            }

            var file = frame.GetFileName();
            var where = file is null ? string.Empty : $" in {file}:line {frame.GetFileLineNumber()}";
            frames.Add($"{type?.FullName}.{method.Name}{where}");
            if (frames.Count == Options.MaxStackFrames)
            {
                break;
            }
        }

        return frames;
    }

    // By assembly, not namespace: user code may well live in a namespace that starts with "Dept.Core" (our own tests do).
    private static bool IsTrackerFrame(Type? type)
        => type is not null && (type.Assembly == typeof(DeptEngine).Assembly || type.Assembly.GetName().Name == "Dept.Instrumentation");

    private static void WarnOnce(ref int flag, string message)
    {
        if (Interlocked.Exchange(ref flag, 1) == 0)
        {
            DeptSelfLog.Write(message);
        }
    }
}
