using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Diagnostics;
using Dept.Core.Graph;
using Dept.Core.Options;

namespace Dept.Core.Tracking;

// Waits and events (DEPT's dept_wait / dept_request_event / dept_event / dept_ecxt_enter / dept_ecxt_exit).
public sealed partial class DeptEngine
{
    private const int MaxPendingRequests = 8;

    /// <summary>Requests the event and records a blocking wait (see <see cref="DeptSdt.Wait(DeptMap, DeptSite?, bool, DeptKey?)"/>).</summary>
    /// <remarks>At a known site, the slot overload's path with one thread-static read.</remarks>
    public void Wait(DeptMap map, DeptSite? site = null, bool timeout = false, DeptKey? waitKey = null)
    {
        var slot = default(DeptThreadSlot);
        Wait(map, site, ref slot, timeout, waitKey);
    }

    /// <summary><see cref="Wait(DeptMap, DeptSite?, bool, DeptKey?)"/> with the caller's per-invocation slot.</summary>
    /// <remarks>An answered wait on a once-only map at a known site takes the inlined <see cref="WaitAt"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Wait(DeptMap map, DeptSite? site, ref DeptThreadSlot context, bool timeout = false, DeptKey? waitKey = null)
    {
        if (!timeout && waitKey is null && site is not null && map is not null)
        {
            WaitAt(map, site, ref context);
        }
        else
        {
            WaitGeneral(map, site, ref context, timeout, waitKey);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitGeneral(DeptMap? map, DeptSite? site, ref DeptThreadSlot context, bool timeout, DeptKey? waitKey)
    {
        try
        {
            if (map is { IsNoCheck: false } && Tracking(ref context, out var t))
            {
                WaitCore(t, map, site, timeout, waitKey);
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private void WaitCore(ThreadContext t, DeptMap map, DeptSite? site, bool timeout, DeptKey? waitKey)
    {
        var classId = ClassOf(waitKey ?? map.Key, map.Subclass);
        // The wait itself is stamped before its own request, so a waiter that later fires the same event
        // (after a timeout, say) is not charged with its own wait.
        var before = Volatile.Read(ref _shared.WaitGeneration);
        Request(t, map, classId, site);
        NoteWaited(t, classId, site, timeout);
        if (map.EverFired != 0)
        {
            NoteFired(classId); // the instance's event already happened: this wait is answered
        }

        if (!timeout || _trackTimeouts)
        {
            RecordWait(t, classId, 0, site, timeout, before, eventWait: true);
        }
    }

    /// <summary>Requests the event without waiting (see <see cref="DeptSdt.RequestEvent"/>).</summary>
    public void RequestEvent(DeptMap map, DeptKey? waitKey = null, DeptSite? site = null)
    {
        if (map is null || map.IsNoCheck || !Tracking(out var t))
        {
            return;
        }

        try
        {
            var classId = ClassOf(waitKey ?? map.Key, map.Subclass);
            Request(t, map, classId, site);
            NoteWaited(t, classId, site, timeout: true); // an alternate waker (WaitAny): another event may end the wait
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>The event happens (see <see cref="DeptSdt.Event(DeptMap, DeptSite?)"/>).</summary>
    public void Event(DeptMap map, DeptSite? site = null)
    {
        if (map is null || !NoteEvent(map) || !Tracking(out var t))
        {
            return;
        }

        try
        {
            EventCore(t, map, site);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary><see cref="Event(DeptMap, DeptSite?)"/> with the caller's per-invocation slot.</summary>
    public void Event(DeptMap map, DeptSite? site, ref DeptThreadSlot context)
    {
        if (map is null || !NoteEvent(map))
        {
            return;
        }

        try
        {
            if (Tracking(ref context, out var t))
            {
                EventCore(t, map, site);
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Marks the map fired; true when a tracked request may be pending on it.</summary>
    private static bool NoteEvent(DeptMap map)
    {
        if (map.EverFired == 0)
        {
            map.EverFired = 1;
        }

        return !map.IsNoCheck && Volatile.Read(ref map.Pending) is not null;
    }

    private void EventCore(ThreadContext t, DeptMap map, DeptSite? site)
    {
        var pending = Interlocked.Exchange(ref map.Pending, null);
        if (pending is null)
        {
            return;
        }

        t.Events++;
        var taken = 0;
        try
        {
            foreach (var request in pending)
            {
                if (request.EngineId == _id)
                {
                    taken++;
                    if (request.ClassId != 0)
                    {
                        NoteFired(request.ClassId);
                        FireFor(t, map, request, site);
                    }
                }
            }
        }
        finally
        {
            // After the windows are read: this thread's own waits are what they charge, and they precede this point.
            Interlocked.Add(ref _shared.PendingRequests, -taken);
        }
    }

    /// <summary>Enters an explicit event context (see <see cref="DeptSdt.EcxtEnter(DeptMap, DeptSite?)"/>).</summary>
    /// <remarks>At a known site, the slot overload's path with one thread-static read.</remarks>
    public void EcxtEnter(DeptMap map, DeptSite? site = null)
    {
        var slot = default(DeptThreadSlot);
        EcxtEnter(map, site, ref slot);
    }

    /// <summary><see cref="EcxtEnter(DeptMap, DeptSite?)"/> with the caller's per-invocation slot (inlined at a known site).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EcxtEnter(DeptMap map, DeptSite? site, ref DeptThreadSlot context)
    {
        if (site is not null && map is { IsNoCheck: false })
        {
            EcxtEnterAt(map, site, ref context);
        }
        else
        {
            EcxtEnterGeneral(map, site, ref context);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EcxtEnterGeneral(DeptMap map, DeptSite? site, ref DeptThreadSlot context)
    {
        try
        {
            if (map is { IsNoCheck: false } && Tracking(ref context, out var t))
            {
                Push(t, ClassOf(map.Key, map.Subclass), map, 0, site?.Id ?? 0);
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>
    /// The nesting of a body context (<see cref="BodyEnter"/>): a wait for another event of the body's own class is no
    /// AA (a thread joining a sibling created at its site), an event wait is not charged to it, and its event still
    /// charges its request windows.
    /// </summary>
    internal const int BodyNest = int.MinValue;

    /// <summary>
    /// Enters the body of the work that fires the event of class <paramref name="eventKey"/>, held as
    /// <paramref name="instance"/> until <see cref="Release(object, DeptSite?)"/> (see <see cref="DeptSdt.BodyEnter"/>).
    /// </summary>
    public void BodyEnter(object instance, DeptKey eventKey, DeptSite? site)
    {
        if (instance is null || eventKey is null || !Tracking(out var t))
        {
            return;
        }

        try
        {
            Push(t, ClassOf(eventKey, 0), instance, BodyNest, site?.Id ?? 0);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Exits an explicit event context (see <see cref="DeptSdt.EcxtExit(DeptMap, DeptSite?)"/>).</summary>
    /// <remarks>At a known site, the slot overload's path with one thread-static read (inside a suppression it still ends the context).</remarks>
    public void EcxtExit(DeptMap map, DeptSite? site = null)
    {
        var slot = default(DeptThreadSlot);
        EcxtExit(map, site, ref slot);
    }

    /// <summary><see cref="EcxtExit(DeptMap, DeptSite?)"/> with the caller's per-invocation slot.</summary>
    /// <remarks>
    /// At a known site this is the lock path's release (<see cref="ReleaseAt"/>): the event context is the map's held
    /// entry, and, as for a lock, leaving it inside a suppression still ends it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EcxtExit(DeptMap map, DeptSite? site, ref DeptThreadSlot context)
    {
        if (map is null || map.IsNoCheck)
        {
            return; // a no-check map was never entered; a null one has nothing to leave
        }

        if (site is not null)
        {
            ReleaseAt(map, site, ref context);
        }
        else
        {
            ReleaseGeneral(map, site, ref context);
        }
    }

    /// <summary>
    /// The wait rule (DEPT's <c>add_wait</c>): every held event context's event now depends on this wait's event,
    /// except same-class nesting annotated with a different local subclass. Then the wait joins the history.
    /// </summary>
    /// <remarks>
    /// <paramref name="eventWait"/>: a wait for an event rather than a lock, which a body context does not take (a
    /// constant at every call site, so the lock paths' inlined copies carry no test for it).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RecordWait(ThreadContext t, int classId, int nest, DeptSite? site, bool timeout, int wgen, FlowClassState? waitState = null, bool eventWait = false)
    {
        if (classId == 0)
        {
            return;
        }

        t.Waits++;
        var held = t.Held;
        for (var i = t.HeldCount - 1; i >= 0; i--)
        {
            var from = held[i].ClassId;
            if (from == 0 || (from == classId && held[i].Nest != nest) || (eventWait && held[i].Nest == BodyNest))
            {
                continue;
            }

            var key = EdgeSet.Key(from, classId);
            if (!_edges.Contains(key) && !(timeout && _edges.Contains(key | TimeoutBit)))
            {
                NewWaitEdge(t, from, classId, timeout, held[i].SiteId, site, waitState);
            }
        }

        // The async locks of the flow running on this thread (#9): one field read when it holds none.
        if (t.Flow is { } flow)
        {
            FlowEdges(t, flow, classId, nest, site, timeout, waitState);
        }

        if (InAnyWindow())
        {
            t.AddHistory(classId, wgen, site?.Id ?? 0, timeout);
        }
    }

    /// <summary>
    /// Whether a wait that has just read the wait generation can fall inside any event window: only if some request
    /// is pending. A request counts itself before it takes its stamp, and the wait reads the count after the generation
    /// (both volatile, so in that order): a wait that sees a generation at or past a request's stamp (the only waits that
    /// request's event charges) also sees it counted, until its event takes it, which for a wait in its window comes
    /// later on the same thread. With nothing pending, a wait's history entry could never be read, so it is not written:
    /// a program that only takes locks keeps no history (issue #12: about a tenth of a lock pair's tracking).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool InAnyWindow() => Volatile.Read(ref _shared.PendingRequests) != 0;

    /// <summary>Gets how many requests of this engine are pending (published, not yet taken by their event).</summary>
    internal int PendingRequestCount => Volatile.Read(ref _shared.PendingRequests);

    // Off the inlined known-edge loop: a new edge is rare and its work is large.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NewWaitEdge(ThreadContext t, int from, int classId, bool timeout, int startSite, DeptSite? site, FlowClassState? waitState)
    {
        var draft = new DependencyDraft(from, classId, timeout, Implicit: false, startSite, site?.Id ?? 0, 0, null);
        if (waitState is null || !Defer(draft, null, waitState))
        {
            AddDependency(t, draft);
        }
    }

    private void Request(ThreadContext t, DeptMap map, int classId, DeptSite? site)
    {
        // A once-only event that already happened can answer no request: skipping it saves the shared wait-generation
        // write and the request array (a fence waited on after its signal, the common case).
        if (classId == 0 || (map.FiresOnce && Volatile.Read(ref map.EverFired) != 0))
        {
            return;
        }

        // The wait generation is the one write every thread may see on its lock path (each lock wait reads it), so
        // it is bumped only by a request that will really be pending: not when an earlier request of the class
        // already opens the wider window.
        if (Volatile.Read(ref map.Pending) is { } open && (open.Length >= MaxPendingRequests || IsPending(open, classId)))
        {
            return;
        }

        // Counted before it is stamped: a wait that reads the new generation then also reads a non-zero count
        // (see InAnyWindow), so it is recorded whenever it can fall inside this request's window.
        Interlocked.Increment(ref _shared.PendingRequests);
        var stamp = Interlocked.Increment(ref _shared.WaitGeneration);
        var request = new PendingRequest(classId, stamp, site, t.ThreadName, _id);
        while (true)
        {
            var current = Volatile.Read(ref map.Pending);
            PendingRequest[] next;
            if (current is null)
            {
                next = [request];
            }
            else if (current.Length >= MaxPendingRequests || IsPending(current, classId))
            {
                Interlocked.Decrement(ref _shared.PendingRequests); // not published after all
                return; // The earliest pending request of this class already opens the widest window.
            }
            else
            {
                next = [.. current, request];
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref map.Pending, next, current), current))
            {
                return;
            }
        }
    }

    private bool IsPending(PendingRequest[] pending, int classId)
    {
        foreach (var r in pending)
        {
            if (r.ClassId == classId && r.EngineId == _id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The event rule (DEPT's <c>do_event</c>): unless this context holds an explicit event context for the same
    /// map and class, every wait in its history since the request, in the same context id, becomes a dependency
    /// of the event's class.
    /// </summary>
    private void FireFor(ThreadContext t, DeptMap map, PendingRequest request, DeptSite? site)
    {
        for (var i = 0; i < t.HeldCount; i++)
        {
            // An explicit context already made each of its waits a dependency; a body context did so only for its
            // locks, so its event waits are charged from the request on, as for an implicit context.
            if (ReferenceEquals(t.Held[i].Instance, map) && t.Held[i].ClassId == request.ClassId && t.Held[i].Nest != BodyNest)
            {
                return;
            }
        }

        if (site is not null)
        {
            NoteEventSite(request.ClassId, site);
        }

        var history = t.History;
        var count = t.HistoryCount;
        var index = t.HistoryNext;
        var reachedEnd = true;
        for (var n = 0; n < count; n++)
        {
            index = index == 0 ? history.Length - 1 : index - 1;
            ref var e = ref history[index];
            if (e.Wgen - request.Stamp < 0)
            {
                reachedEnd = false;
                break;
            }

            if (e.ContextId != t.ContextId)
            {
                // Another context's wait: earlier work on this thread, or an async resumption that ran nested inside
                // this context (#9). Neither is this context's window; older entries may still be.
                continue;
            }

            var key = EdgeSet.Key(request.ClassId, e.ClassId);
            if (!_edges.Contains(key) && !(e.Timeout && _edges.Contains(key | TimeoutBit)))
            {
                AddDependency(t, new DependencyDraft(request.ClassId, e.ClassId, e.Timeout, Implicit: true, request.Site?.Id ?? 0, e.SiteId, site?.Id ?? 0, request.Thread));
            }
        }

        if (reachedEnd && t.HistoryOverflowed)
        {
            WarnHistory(request.ClassId, history.Length);
        }
    }

    // Once per class (not once per engine, not on every event): which event lost dependencies is what tells the user
    // whether raising the bound matters.
    private void WarnHistory(int classId, int length)
    {
        var cls = _classes.Get(classId);
        if (Interlocked.Exchange(ref cls.WarnedHistory, 1) == 0)
        {
            DeptSelfLog.Write($"the event of '{cls}' has a window longer than the wait history ({length} waits); its older dependencies are lost. Raise {DeptOptions.EnvironmentName(nameof(DeptOptions.MaxWaitHistory))} (DeptOptions.MaxWaitHistory).");
        }
    }
}
