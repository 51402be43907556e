using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Graph;

namespace Dept.Core.Tracking;

// Logical flows (#9): async locks are held by the flow that acquired them, not by a thread. A flow's held set (a
// chain of immutable FlowHeld nodes, newest first) lives in an AsyncLocal, so it travels with the ExecutionContext to
// whichever thread resumes the flow; the runtime calls the AsyncLocal's change handler at every context switch, which
// installs the chain into that thread's context (ThreadContext.Flow). An acquire adds a node and writes the AsyncLocal
// once (one ExecutionContext copy); a release only marks its node released, without a write, and the chain's released
// head is skipped until the next acquire links past it. The sync hot path pays one field read; flows holding nothing
// pay nothing. One AsyncLocal per engine: tests and tools run several.
public sealed partial class DeptEngine
{
    private readonly AsyncLocal<FlowHeld?> _flow;

    // Outstanding acquisitions per instance of a class that may be a lock or a signal, oldest first, to find the
    // acquire a release by another flow ends (the signal pattern, a hand-off). Collected with the instance. A release
    // or an abandon by the acquiring flow only marks its node; acquires drop the nodes that no longer hold from the
    // front, so the own-flow release touches no shared table.
    private readonly ConditionalWeakTable<object, Queue<FlowHeld>> _outstanding = new();
    private readonly ConcurrentDictionary<int, FlowClassState> _flowClasses = new();

    /// <summary>
    /// An acquire by the current logical flow of an async lock (see <see cref="DeptLdt.AcquireFlow"/>): the wait, then
    /// the event-context enter in the flow, which keeps it across <c>await</c>s and thread hops until
    /// <see cref="ReleaseFlow"/>.
    /// </summary>
    public void AcquireFlow(DeptKey key, object instance, DeptSite? site = null, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0, Task? acquired = null)
    {
        if (!Tracking(out var t))
        {
            return;
        }

        try
        {
            var sub = mode is DeptLockMode.Read or DeptLockMode.QueuedRead ? subclass + ReadOffset : subclass;
            var classId = ClassOf(key, sub);
            var state = (flags & DeptLockFlags.MaybeSignal) != 0 && classId != 0 ? FlowClass(classId) : null;
            if (state is { IsSignal: true })
            {
                return;
            }

            if ((flags & DeptLockFlags.Try) == 0)
            {
                var timeout = (flags & DeptLockFlags.Timeout) != 0;
                if (!timeout || _trackTimeouts)
                {
                    var wgen = Volatile.Read(ref _shared.WaitGeneration);
                    if (mode != DeptLockMode.Read && mode != DeptLockMode.Exclusive)
                    {
                        RecordWait(t, ClassOf(key, subclass + ReadOffset), nest, site, timeout, wgen);
                    }

                    RecordWait(t, classId, nest, site, timeout, wgen, state);
                }
            }

            t.EventContexts++;
            // t.Flow is the flow's chain from its first holding node (the change handler keeps it so), or null.
            var node = new FlowHeld(classId, instance, nest, site?.Id ?? 0, state, acquired, FlowHeld.Compact(t.Flow));
            if (state is not null)
            {
                var queue = _outstanding.GetValue(instance, static _ => new Queue<FlowHeld>());
                lock (queue)
                {
                    while (queue.TryPeek(out var oldest) && !oldest.Holds)
                    {
                        queue.Dequeue();
                    }

                    queue.Enqueue(node);
                }
            }

            _flow.Value = node;
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>
    /// A release of an async lock (see <see cref="DeptLdt.ReleaseFlow"/>). Returns
    /// <see cref="DeptFlowRelease.Released"/> when the current flow held <paramref name="instance"/>,
    /// <see cref="DeptFlowRelease.ReleasedForAnotherFlow"/> when another flow acquired it (a class that may be a signal
    /// becomes one), <see cref="DeptFlowRelease.NotHeld"/> when no flow holds it.
    /// </summary>
    public DeptFlowRelease ReleaseFlow(object instance, DeptSite? site = null)
    {
        if (!Tracking(out var t))
        {
            return DeptFlowRelease.NotTracked;
        }

        try
        {
            // The thread's chain starts at its first holding node; the flow's own chain also has the released ones.
            if ((FlowHeld.Find(t.Flow, instance) ?? FlowHeld.Find(_flow.Value, instance)) is { } node)
            {
                // No AsyncLocal write, no shared table: the node is marked, so every copy of the flow (forks,
                // hand-offs) stops holding, and the outstanding queue drops it later.
                var entry = node.Acquire;
                entry.Released = true;
                RememberEventSite(entry.ClassId, site);
                if (entry.State is { IsUnknown: true } state)
                {
                    Replay(state.Confirm());
                }

                return DeptFlowRelease.Released;
            }

            if (_outstanding.TryGetValue(instance, out var queue))
            {
                FlowHeld? other = null;
                lock (queue)
                {
                    // The oldest acquire still holding; released, cancelled or failed acquires are dropped on the way.
                    while (other is null && queue.TryDequeue(out var oldest))
                    {
                        other = oldest.Holds ? oldest : null;
                    }
                }

                if (other is not null)
                {
                    other.Released = true;
                    other.State?.Demote();
                    return DeptFlowRelease.ReleasedForAnotherFlow;
                }
            }

            return DeptFlowRelease.NotHeld;
        }
        catch (Exception ex)
        {
            Fail(ex);
            return DeptFlowRelease.NotTracked;
        }
    }

    /// <summary>
    /// Forgets the current flow's acquire of <paramref name="instance"/> without counting it as a release: the acquire
    /// failed (cancelled, disposed) after it was recorded.
    /// </summary>
    public void AbandonFlow(object instance)
    {
        if (!Tracking(out var t))
        {
            return;
        }

        try
        {
            if ((FlowHeld.Find(t.Flow, instance) ?? FlowHeld.Find(_flow.Value, instance)) is { } node)
            {
                node.Acquire.Released = true;
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Whether the class of <paramref name="key"/> turned out to be a signal (see <see cref="DeptLockFlags.MaybeSignal"/>).</summary>
    public bool IsSignalClass(DeptKey key, int subclass = 0)
    {
        if (_stopped)
        {
            return false;
        }

        try
        {
            var classId = ClassOf(key, subclass);
            if (classId == 0)
            {
                return false;
            }

            return _flowClasses.TryGetValue(classId, out var state) && state.IsSignal;
        }
        catch (Exception ex)
        {
            Fail(ex);
            return false;
        }
    }

    /// <summary>Makes the class of <paramref name="key"/> a signal unless it already proved to be a lock (a release nobody acquired).</summary>
    public void DemoteToSignal(DeptKey key, int subclass = 0)
    {
        if (_stopped)
        {
            return;
        }

        try
        {
            var classId = ClassOf(key, subclass);
            if (classId != 0)
            {
                FlowClass(classId).Demote();
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>
    /// Captures the async locks the current flow holds, for a hand-off (an async method that returns while holding a
    /// lock it acquired: its caller's flow adopts them at the <c>await</c>), or null when it holds none.
    /// </summary>
    public object? CaptureFlow() => _stopped ? null : FlowHeld.FirstHolding(_flow.Value);

    /// <summary>Adds to the current flow the still-held locks of <paramref name="captured"/> it does not hold yet.</summary>
    public void AdoptFlow(object? captured)
    {
        if (captured is not FlowHeld handed || !Tracking(out _))
        {
            return;
        }

        try
        {
            var current = FlowHeld.FirstHolding(_flow.Value);
            List<FlowHeld>? adopted = null;
            for (var n = handed; n is not null; n = n.Next)
            {
                if (n.Holds && !FlowHeld.Contains(current, n.Acquire))
                {
                    (adopted ??= []).Add(n);
                }
            }

            if (adopted is null)
            {
                return;
            }

            // Oldest first, so the adopted nodes keep their order; each copies its acquire (a release of either ends both).
            var head = current;
            for (var i = adopted.Count - 1; i >= 0; i--)
            {
                var n = adopted[i];
                head = new FlowHeldCopy(n, head);
            }

            _flow.Value = head;
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Gets whether the flow running on this thread holds an async lock of this engine: a thread-static read when it holds none.</summary>
    public bool FlowHoldsLocks => !_stopped && Holding(CurrentContext()) is not null;

    /// <summary>Gets the length of the current flow's chain, released nodes included (tests: it stays bounded).</summary>
    internal int FlowChainLength
    {
        get
        {
            var length = 0;
            for (var n = _flow.Value; n is not null; n = n.Next)
            {
                length++;
            }

            return length;
        }
    }

    /// <summary>Gets the number of async locks the current flow holds for this engine (tests and diagnostics).</summary>
    public int FlowHeldCount
    {
        get
        {
            var count = 0;
            for (var n = _flow.Value; n is not null; n = n.Next)
            {
                count += n.Holds ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>
    /// Whether <paramref name="task"/> is the pending acquire task of an async lock the current flow holds (an await
    /// or a blocking wait on it is the lock's own wait, already recorded by the acquire).
    /// </summary>
    public bool IsFlowAcquire(Task task)
    {
        if (_stopped)
        {
            return false;
        }

        for (var n = _flow.Value; n is not null; n = n.Next)
        {
            if (ReferenceEquals(n.Acquired, task))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Records that the current flow awaits <paramref name="map"/>'s event (an <c>await</c> of a pending task): the
    /// request, and an edge from every async lock the flow holds. A flow holding nothing records nothing: its
    /// suspension blocks no thread and no held event context.
    /// </summary>
    public void AwaitFlow(DeptMap map, DeptSite? site = null, bool timeout = false, DeptKey? waitKey = null)
    {
        if (map is null || map.IsNoCheck || (timeout && !_trackTimeouts) || !Tracking(out var t) || Holding(t) is not { } flow)
        {
            return;
        }

        try
        {
            var classId = ClassOf(waitKey ?? map.Key, map.Subclass);
            if (classId == 0)
            {
                return;
            }

            Request(t, map, classId, site);
            FlowEdges(t, flow, classId, 0, site, timeout, null);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Clears the current flow's held list: the start of unrelated work (a work item, a thread body).</summary>
    internal void LeaveFlow()
    {
        // An inherited set that holds nothing holds nothing for good: no write (no ExecutionContext copy) for it.
        if (FlowHeld.FirstHolding(_flow.Value) is not null)
        {
            _flow.Value = null;
        }
    }

    /// <summary>The flow's held set on this thread, or null when it holds nothing (then cleared from the thread: a set that holds nothing never holds again).</summary>
    private static FlowHeld? Holding(ThreadContext t)
    {
        var flow = t.Flow;
        if (flow is not null && FlowHeld.FirstHolding(flow) is null)
        {
            t.Flow = flow = null;
        }

        return flow;
    }

    /// <summary>The wait rule for the locks a flow holds (see <see cref="RecordWait"/>).</summary>
    private void FlowEdges(ThreadContext t, FlowHeld flow, int classId, int nest, DeptSite? site, bool timeout, FlowClassState? waitState)
    {
        var holds = false;
        for (var e = flow; e is not null; e = e.Next)
        {
            if (!e.Holds)
            {
                continue;
            }

            holds = true;
            var from = e.ClassId;
            if (from == 0 || (from == classId && e.Nest != nest))
            {
                continue;
            }

            var key = EdgeSet.Key(from, classId);
            if (_edges.Contains(key) || (timeout && _edges.Contains(key | TimeoutBit)))
            {
                continue;
            }

            var draft = new DependencyDraft(from, classId, timeout, Implicit: false, e.SiteId, site?.Id ?? 0, 0, null);
            if (Defer(draft, e.State, waitState))
            {
                continue;
            }

            AddDependency(t, draft);
        }

        if (!holds && ReferenceEquals(t.Flow, flow))
        {
            t.Flow = null; // all released: later waits of this flow on this thread skip the walk
        }
    }

    /// <summary>
    /// Whether a dependency must wait (kept aside) or go (dropped) because one of its classes may be, or is, a signal
    /// rather than a lock (<see cref="FlowClassState"/>).
    /// </summary>
    private static bool Defer(in DependencyDraft draft, FlowClassState? from, FlowClassState? to)
        => Holds(draft, from, to) || Holds(draft, to, from);

    private static bool Holds(in DependencyDraft draft, FlowClassState? state, FlowClassState? other)
    {
        if (state is null || state.IsLock)
        {
            return false;
        }

        // TryDefer fails only when the class became known meanwhile: a signal drops the dependency, a lock lets it go.
        return state.IsSignal || state.TryDefer(draft, other) || state.IsSignal;
    }

    private void Replay(List<(DependencyDraft Draft, FlowClassState? Other)> deferred)
    {
        if (deferred.Count == 0)
        {
            return;
        }

        var t = CurrentContext();
        foreach (var (draft, other) in deferred)
        {
            if (!Holds(draft, other, null) && !_edges.Contains(EdgeSet.Key(draft.From, draft.To)))
            {
                AddDependency(t, draft);
            }
        }
    }

    private FlowClassState FlowClass(int classId)
        => _flowClasses.TryGetValue(classId, out var state) ? state : _flowClasses.GetOrAdd(classId, static id => new FlowClassState(id));

    private void RememberEventSite(int classId, DeptSite? site)
    {
        if (site is not null && classId != 0)
        {
            NoteEventSite(classId, site);
        }
    }

    // Runs on every ExecutionContext switch that changes the flow's list, and on every explicit change: installs the
    // list into the thread's context of its engine, or removes it. Must never throw (it runs inside the runtime's
    // context restore) and never track anything.
    private void OnFlowChanged(AsyncLocalValueChangedArgs<FlowHeld?> args)
    {
        try
        {
            if (args.CurrentValue is { } current)
            {
                if (!_stopped)
                {
                    // From its first node still holding: a chain whose locks were all released installs nothing, so
                    // the thread's lock path stays on its fast path (it leaves it while ThreadContext.Flow is set).
                    CurrentContext().Flow = FlowHeld.FirstHolding(current);
                }
            }
            else if (args.PreviousValue is not null)
            {
                ClearFlow();
            }
        }
        catch
        {
            // A context switch of the user's program must go on whatever happens here.
        }
    }

    private void ClearFlow()
    {
        var t = t_context;
        if (t is not null && ReferenceEquals(t.Engine, this))
        {
            t.Flow = null;
        }
        else if (t_otherContexts is { } others && others.TryGetValue(this, out var other))
        {
            other.Flow = null;
        }
    }
}
