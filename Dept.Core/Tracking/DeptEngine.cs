using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Classes;
using Dept.Core.Diagnostics;
using Dept.Core.Graph;
using Dept.Core.Options;
using Dept.Core.Reports;

namespace Dept.Core.Tracking;

/// <summary>
/// The DEPT engine: classes, per-context waits and event contexts, the dependency graph with incremental cycle
/// detection, and reports. Most code uses the process-wide engine through <see cref="DeptLdt"/>,
/// <see cref="DeptSdt"/> and <see cref="DeptContext"/>; tests and tools create their own.
/// </summary>
/// <remarks>
/// Thread-safe. The known-edge path takes no lock and allocates nothing; a new edge, a new class and a report take
/// the engine's graph lock briefly. No public member throws: an internal failure stops the engine with one message
/// (<see cref="StopReason"/>) and the caller goes on.
/// </remarks>
public sealed partial class DeptEngine
{
    private const long TimeoutBit = 1L << 62;
    private static int s_nextEngineId;

    [ThreadStatic]
    private static ThreadContext? t_context;

    // Contexts of this thread for other engines (tests and tools run several); weak on the engine so a thread
    // never keeps a finished engine alive.
    [ThreadStatic]
    private static ConditionalWeakTable<DeptEngine, ThreadContext>? t_otherContexts;

    private readonly object _graphLock = new();
    private readonly int _id;
    private readonly int _maxHeld;
    private readonly int _maxHistory;
    private readonly bool _trackTimeouts;
    private readonly bool _checkNeverFired;
    private readonly ClassTable _classes;
    private readonly DependencyGraph _graph = new();
    private readonly EdgeSet _edges = new();
    private readonly List<ThreadContext> _threads = new();
    private readonly IDeptReporter[] _reporters;
    private volatile bool _stopped;

    // The engine id while it runs, -1 once it stopped: the inlined lock path compares a call site's cached class tag
    // with it, one load for both "is this site's class ours" and "are we running".
    private volatile int _liveId;
    private readonly SharedCounters _shared = new();

    /// <summary>Creates an engine. The options are validated here, once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public DeptEngine(DeptOptions? options = null)
    {
        options ??= new DeptOptions();
        options.Validate();
        Options = options;
        _id = Interlocked.Increment(ref s_nextEngineId);
        _liveId = _id;
        _maxHeld = options.MaxHeldContexts;
        _maxHistory = options.MaxWaitHistory;
        _trackTimeouts = options.TrackTimeoutWaits;
        _checkNeverFired = options.DetectNeverFiredEvents;
        _classes = new ClassTable(options.MaxClasses);
        _reporters = options.Reporters.ToArray();
        _flow = new AsyncLocal<FlowHeld?>(OnFlowChanged);
    }

    /// <summary>Gets the options this engine was built with. Do not change them afterwards.</summary>
    public DeptOptions Options { get; }

    /// <summary>Gets whether the engine stopped tracking (internal failure or <see cref="Stop"/>).</summary>
    public bool IsStopped => _stopped;

    /// <summary>Gets why the engine stopped, or <see langword="null"/>.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Stops tracking for good; calls into the engine become no-ops. Reports and the graph stay readable.</summary>
    public void Stop(string reason = "stopped by the host")
    {
        lock (_graphLock)
        {
            if (_stopped)
            {
                return;
            }

            StopReason = reason;
            _stopped = true;
            _liveId = -1;
        }

        DeptSelfLog.Write($"tracking stopped: {reason}");
    }

    /// <summary>
    /// Starts a new context id on the current thread, and a new logical flow holding no async lock (see
    /// <see cref="DeptContext.NewContext"/>).
    /// </summary>
    public void NewContext() => EnterWorkItem();

    /// <summary>
    /// Starts a work item's context on the current thread (a new context id and a new logical flow holding no async
    /// lock) and returns the id to restore with <see cref="ExitContext"/>; 0 when not tracking (see
    /// <see cref="DeptContext.EnterWorkItem"/>).
    /// </summary>
    public int EnterWorkItem()
    {
        var saved = EnterContext();
        if (saved != 0)
        {
            LeaveFlow();
        }

        return saved;
    }

    /// <summary>
    /// Starts a nested context on the current thread (an async method's resumption, which may run inline inside
    /// another context) and returns the id to restore with <see cref="ExitContext"/>; 0 when not tracking.
    /// </summary>
    public int EnterContext()
    {
        if (_stopped)
        {
            return 0;
        }

        var t = CurrentContext();
        var saved = t.ContextId;
        t.ContextId = ++t.LastContextId;
        return saved;
    }

    /// <summary>Ends a context started by <see cref="EnterContext"/>: the enclosing context goes on where it was.</summary>
    public void ExitContext(int saved)
    {
        if (saved != 0 && !_stopped)
        {
            CurrentContext().ContextId = saved;
        }
    }

    internal void EnterSuppression() => CurrentContext().Busy++;

    internal void ExitSuppression()
    {
        var t = CurrentContext();
        if (t.Busy > 0)
        {
            t.Busy--;
        }
    }

    /// <summary>The common guard of every annotation: the engine runs and this thread is not inside the engine or a suppression.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Tracking(out ThreadContext t)
    {
        if (_stopped)
        {
            t = null!;
            return false;
        }

        t = CurrentContext();
        return t.Busy == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ThreadContext CurrentContext()
    {
        var t = t_context;
        return t is not null && ReferenceEquals(t.Engine, this) ? t : AttachThread();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ThreadContext AttachThread()
    {
        var others = t_otherContexts ??= new ConditionalWeakTable<DeptEngine, ThreadContext>();
        if (others.TryGetValue(this, out var known))
        {
            return t_context = known;
        }

        var created = new ThreadContext(this, _maxHeld, _maxHistory);
        others.Add(this, created);
        lock (_threads)
        {
            PruneDeadThreads();
            _threads.Add(created);
        }

        return t_context = created;
    }

    /// <summary>Resolves a class id with one array read on the hot path (DEPT's map class cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ClassOf(DeptKey key, int subId)
    {
        var cached = subId == 0 ? key.ClassCache0 : key.ClassCacheRest?[subId] ?? 0;
        return (int)(cached >> 32) == _id ? (int)cached : ClassSlow(key, subId);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ClassSlow(DeptKey key, int subId)
    {
        int id;
        bool created;
        LockedClassLookups++;
        lock (_graphLock)
        {
            id = _classes.GetOrCreate(key, subId, out created);
            if (created)
            {
                _graph.AddNode(id);
                EnsureEventSiteBits(id);
            }
        }

        if (id == 0)
        {
            WarnOnce(ref _warnedClasses, $"the class bound ({Options.MaxClasses}) is reached; new classes such as '{key.Name}' are not tracked. Raise {DeptOptions.EnvironmentName(nameof(DeptOptions.MaxClasses))} (DeptOptions.MaxClasses).");
        }

        // Cached even when it is 0 (beyond the class bound): the next use of this class is the one array read of
        // the fast path again, not the graph lock (619 ns per lock pair before).
        var value = ((long)_id << 32) | (uint)id;
        if (subId == 0)
        {
            key.ClassCache0 = value;
        }
        else
        {
            var rest = key.ClassCacheRest ??= new long[DeptKey.MaxSubclasses];
            rest[subId] = value;
        }

        return id;
    }

    /// <summary>Gets how many class lookups took the graph lock (a cost measure for tests; racy).</summary>
    internal long LockedClassLookups { get; private set; }

    private void Fail(Exception ex) => Stop($"internal failure: {ex.GetType().Name}: {ex.Message}");
}
