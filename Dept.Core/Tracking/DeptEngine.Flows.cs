using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Graph;

namespace Dept.Core.Tracking;

// Logical flows (#9): async locks are held by the flow that acquired them, not by a thread. A flow's held list lives
// in an AsyncLocal, so it travels with the ExecutionContext to whichever thread resumes the flow; the runtime calls
// the AsyncLocal's change handler at every context switch, which installs the list into that thread's context
// (ThreadContext.Flow). The sync hot path pays one field read; flows holding nothing pay nothing.
public sealed partial class DeptEngine
{
    private static readonly AsyncLocal<FlowHeld?> s_flow = new(OnFlowChanged);

    // Outstanding acquisitions per instance of a class that may be a lock or a signal, to tell a release by the
    // acquiring flow from one by another flow (the signal pattern). Collected with the instance.
    private readonly ConditionalWeakTable<object, List<FlowEntry>> _outstanding = new();
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
            var entry = new FlowEntry(classId, instance, nest, site, state, acquired);
            if (state is not null)
            {
                var list = _outstanding.GetValue(instance, static _ => []);
                lock (list)
                {
                    list.Add(entry);
                }
            }

            s_flow.Value = new FlowHeld(this, FlowHeld.With(s_flow.Value is { } held && ReferenceEquals(held.Engine, this) ? held : null, entry));
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
        if (!Tracking(out _))
        {
            return DeptFlowRelease.NotTracked;
        }

        try
        {
            var held = s_flow.Value;
            var index = held is not null && ReferenceEquals(held.Engine, this) ? held.Find(instance) : -1;
            if (index >= 0)
            {
                var entry = held!.Entries[index];
                entry.Released = true; // copies captured by forks or hand-offs stop holding too
                var rest = held.Without(index);
                s_flow.Value = rest is null ? null : new FlowHeld(this, rest);
                Forget(instance, entry);
                RememberEventSite(entry.ClassId, site);
                if (entry.State is { IsUnknown: true } state)
                {
                    Replay(state.Confirm());
                }

                return DeptFlowRelease.Released;
            }

            if (_outstanding.TryGetValue(instance, out var list))
            {
                FlowEntry? other = null;
                lock (list)
                {
                    // The oldest acquire still holding; cancelled or failed acquires are dropped on the way.
                    while (list.Count > 0 && other is null)
                    {
                        var first = list[0];
                        list.RemoveAt(0);
                        other = first.Holds ? first : null;
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
        if (!Tracking(out _))
        {
            return;
        }

        try
        {
            var held = s_flow.Value;
            var index = held is not null && ReferenceEquals(held.Engine, this) ? held.Find(instance) : -1;
            if (index >= 0)
            {
                var rest = held!.Without(index);
                held.Entries[index].Released = true;
                s_flow.Value = rest is null ? null : new FlowHeld(this, rest);
                Forget(instance, held.Entries[index]);
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
    public object? CaptureFlow() => s_flow.Value is { } held && ReferenceEquals(held.Engine, this) && held.Entries.Any(static e => e.Holds) ? held : null;

    /// <summary>Adds to the current flow the still-held locks of <paramref name="captured"/> it does not hold yet.</summary>
    public void AdoptFlow(object? captured)
    {
        if (captured is not FlowHeld handed || !ReferenceEquals(handed.Engine, this) || !Tracking(out _))
        {
            return;
        }

        try
        {
            var current = s_flow.Value is { } held && ReferenceEquals(held.Engine, this) ? held : null;
            var adopted = handed.Entries.Where(e => e.Holds && (current is null || Array.IndexOf(current.Entries, e) < 0)).ToList();
            if (adopted.Count > 0)
            {
                s_flow.Value = new FlowHeld(this, [.. current?.Entries.Where(static e => e.Holds) ?? [], .. adopted]);
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Gets whether the flow running on this thread holds an async lock of this engine: one thread-static read.</summary>
    public bool FlowHoldsLocks => !_stopped && CurrentContext().Flow is not null;

    /// <summary>Gets the number of async locks the current flow holds for this engine (tests and diagnostics).</summary>
    public int FlowHeldCount => s_flow.Value is { } held && ReferenceEquals(held.Engine, this) ? held.Entries.Count(static e => e.Holds) : 0;

    /// <summary>
    /// Records that the current flow awaits <paramref name="map"/>'s event (an <c>await</c> of a pending task): the
    /// request, and an edge from every async lock the flow holds. A flow holding nothing records nothing: its
    /// suspension blocks no thread and no held event context.
    /// </summary>
    public void AwaitFlow(DeptMap map, DeptSite? site = null, bool timeout = false, DeptKey? waitKey = null)
    {
        if (map.IsNoCheck || (timeout && !_trackTimeouts) || !Tracking(out var t) || t.Flow is not { } flow)
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
        if (s_flow.Value is not null)
        {
            s_flow.Value = null;
        }
    }

    /// <summary>The wait rule for the locks a flow holds (see <see cref="RecordWait"/>).</summary>
    private void FlowEdges(ThreadContext t, FlowHeld flow, int classId, int nest, DeptSite? site, bool timeout, FlowClassState? waitState)
    {
        var entries = flow.Entries;
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            var e = entries[i];
            var from = e.ClassId;
            if (from == 0 || (from == classId && e.Nest != nest) || !e.Holds)
            {
                continue;
            }

            var key = EdgeSet.Key(from, classId);
            if (_edges.Contains(key) || (timeout && _edges.Contains(key | TimeoutBit)))
            {
                continue;
            }

            var draft = new DependencyDraft(from, classId, timeout, Implicit: false, e.Site?.Id ?? 0, site?.Id ?? 0, 0, null);
            if (Defer(draft, e.State, waitState))
            {
                continue;
            }

            AddDependency(t, draft);
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

    private void Forget(object instance, FlowEntry entry)
    {
        if (entry.State is not null && _outstanding.TryGetValue(instance, out var list))
        {
            lock (list)
            {
                list.Remove(entry);
            }
        }
    }

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
    private static void OnFlowChanged(AsyncLocalValueChangedArgs<FlowHeld?> args)
    {
        try
        {
            var current = args.CurrentValue;
            var previous = args.PreviousValue;
            if (current is not null && !current.Engine._stopped)
            {
                current.Engine.CurrentContext().Flow = current;
            }

            if (previous is not null && (current is null || !ReferenceEquals(previous.Engine, current.Engine)))
            {
                previous.Engine.ClearFlow();
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
