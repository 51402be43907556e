using System.Runtime.CompilerServices;
using Dept.Core.Annotations;

namespace Dept.Core.Tracking;

// The instrumentation's lock path: Monitor.Enter/Exit and Lock.Enter/EnterScope/Exit/Scope.Dispose at rewritten call
// sites (issue #12). Every lock operation of an instrumented program runs through here, so the common case is kept
// to its minimum:
// - the thread's state comes from the caller's DeptThreadSlot (one thread-static read per method invocation, not
//   per operation: on Linux each such read is a call into the TLS resolver, ~3 ns, a quarter of the old path);
// - the class is cached on the call site's static DeptSite (one field read), the release's [E] note on the release
//   site likewise, so neither touches the class table;
// - nothing shared is written: only this thread's held stack and history ring;
// - the fast methods have no exception handler, so the JIT can inline them into the patch and the shim. They cannot
//   throw by construction (every index is checked against its array first, every reference is non-null); anything
//   outside the known case (a new edge, a new class, re-entry bookkeeping beyond a counter, a flow holding async
//   locks, a full stack, a stopped engine, the first use of the slot) goes to a slow path that runs the general code
//   under the engine's catch-all, which is also where everything is re-checked from scratch.
public sealed partial class DeptEngine
{
    /// <summary>
    /// A blocking, re-entrant, exclusive acquire at a rewritten call site whose class is fixed by the site (the
    /// instrumentation's <c>lock</c> path), with the caller's per-invocation thread slot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AcquireAt(DeptSite site, DeptKey key, object instance, ref DeptThreadSlot slot)
    {
        var t = FastContext(ref slot);
        var cached = site.LockClass;
        var classId = (int)cached;
        var live = _liveId;
        if (t is null || (int)(cached >> 32) != live || classId == 0 || t.Busy != 0 || t.Flow is not null)
        {
            AcquireSlow(site, key, instance, ref slot);
            return;
        }

        var held = t.Held;
        var count = t.HeldCount;
        if ((uint)count >= (uint)held.Length)
        {
            AcquireSlow(site, key, instance, ref slot);
            return;
        }

        // One pass, newest first: re-entry ends it (as the general path's scan would: nothing is recorded for a
        // re-entry), an edge not yet known hands the whole acquire to the slow path, which starts over.
        for (var i = count - 1; i >= 0; i--)
        {
            ref var h = ref held[i];
            if (ReferenceEquals(h.Instance, instance))
            {
                h.Depth++;
                return;
            }

            var from = h.ClassId;
            if (from != 0 && (from != classId || h.Nest == 0) && site.KnownFrom != (((long)live << 32) | (uint)from)
                && !KnownEdge(ref site.KnownFrom, remember: true, from, classId))
            {
                AcquireSlow(site, key, instance, ref slot);
                return;
            }
        }

        LockWaitAndPush(t, held, count, classId, site.Id, instance);
    }

    /// <summary>The same acquire without a caller slot (annotations and tests): one thread-static read.</summary>
    internal void AcquireAt(DeptSite site, DeptKey key, object instance)
    {
        var slot = default(DeptThreadSlot);
        AcquireAt(site, key, instance, ref slot);
    }

    /// <summary>A release at a rewritten call site (<c>Monitor.Exit</c>, <c>Lock.Exit</c>, <c>Lock.Scope.Dispose</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ReleaseAt(object instance, DeptSite site, ref DeptThreadSlot slot)
    {
        // A thread never seen has nothing to release: the slow path deals with it.
        if (FastContext(ref slot) is not { } t)
        {
            ReleaseSlow(instance, site, ref slot);
            return;
        }

        // Neither a suppression nor a stopped engine is checked here: the pop only ends an event context this thread
        // opened earlier (while tracking), which is right in either case; nothing new is recorded.
        var held = t.Held;
        var last = t.HeldCount - 1;
        if ((uint)last < (uint)held.Length)
        {
            // The common case: the newest event context is this lock's, not re-entered, and its class's [E] site is
            // already known (from this site's own note). Then a release is a pop.
            ref var h = ref held[last];
            if (ReferenceEquals(h.Instance, instance) && h.Depth == 0 && site.EventNoted == (((long)_id << 32) | (uint)h.ClassId))
            {
                h.Instance = null!; // a null store needs no GC write barrier
                t.HeldCount = last;
                return;
            }
        }

        ReleaseSlow(instance, site, ref slot);
    }

    /// <summary>
    /// The edge table's answer for an edge into a site's class, remembered in the site's <paramref name="memo"/> the first
    /// time when <paramref name="remember"/> (the memo names the site's class as target).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool KnownEdge(ref long memo, bool remember, int from, int classId)
    {
        if (!_edges.Contains(Graph.EdgeSet.Key(from, classId)))
        {
            return false;
        }

        if (remember && (int)(memo >> 32) != _id)
        {
            // Once per engine and site: the site is shared by every thread running this code, so it is never
            // rewritten per acquire (that would make its cache line bounce between cores).
            memo = ((long)_id << 32) | (uint)from;
        }

        return true;
    }

    /// <summary>
    /// This thread's state from the caller's slot, filling the slot from the one thread-static read of the invocation
    /// the first time; null for a thread this engine has not seen yet (the caller's slow path attaches it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ThreadContext? FastContext(ref DeptThreadSlot slot)
    {
        var t = slot.Context;
        if (t is not null && ReferenceEquals(t.Engine, this))
        {
            return t;
        }

        t = t_context;
        if (t is null || !ReferenceEquals(t.Engine, this))
        {
            return null;
        }

        slot.Context = t;
        return t;
    }

    /// <summary>
    /// The end of a fast acquire: one counter (a lock-path acquire is a wait and an event context), the wait's history
    /// entry only while a window can be open, and the push (<paramref name="count"/> was checked against the stack).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LockWaitAndPush(ThreadContext t, HeldEntry[] held, int count, int classId, int siteId, object instance)
    {
        t.LockPathAcquires++;
        var wgen = Volatile.Read(ref _shared.WaitGeneration);
        if (InAnyWindow())
        {
            t.AddHistory(classId, wgen, siteId, timeout: false);
        }

        PushHeld(t, held, count, classId, siteId, instance);
    }

    /// <summary>Pushes an event context on a stack with room at <paramref name="count"/> (checked by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PushHeld(ThreadContext t, HeldEntry[] held, int count, int classId, int siteId, object instance)
    {
        ref var e = ref held[count];
        e.ClassId = classId;
        e.Nest = 0;
        e.Depth = 0;
        e.SiteId = siteId;
        e.Instance = instance;
        t.HeldCount = count + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AcquireSlow(DeptSite site, DeptKey key, object instance, ref DeptThreadSlot slot)
    {
        try
        {
            if (!Tracking(ref slot, out var t))
            {
                return;
            }

            var held = t.Held;
            for (var i = t.HeldCount - 1; i >= 0; i--)
            {
                if (ReferenceEquals(held[i].Instance, instance))
                {
                    held[i].Depth++;
                    return;
                }
            }

            var cached = site.LockClass;
            var classId = (int)(cached >> 32) == _id ? (int)cached : BindSite(site, key);
            RecordWait(t, classId, 0, site, false, Volatile.Read(ref _shared.WaitGeneration));
            Push(t, classId, instance, 0, site.Id);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReleaseSlow(object instance, DeptSite site, ref DeptThreadSlot slot)
    {
        try
        {
            if (_stopped)
            {
                return;
            }

            var t = SlotContext(ref slot);
            if (t.Busy != 0)
            {
                // Inside a suppression (or the engine's own work on this thread): nothing is recorded, but a lock taken
                // while tracking and released here still ends its event context, as on the fast path; left held, it
                // would charge every later wait on this thread to it.
                ExitInstance(t, instance, site: null);
                return;
            }

            var i = t.FindHeld(instance);
            if (i >= 0 && t.Held[i].Depth == 0 && t.Held[i].ClassId is var classId and not 0)
            {
                NoteEventSite(classId, site);
                var tag = ((long)_id << 32) | (uint)classId;
                if ((int)(site.EventNoted >> 32) != _id)
                {
                    // Once per engine and site (the first class released here); later classes take this slow path,
                    // which only reads their class. Never rewritten per release: the site is shared by threads.
                    site.EventNoted = tag;
                }
            }

            ExitInstance(t, instance, site);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>The common guard, filling the caller's slot with this thread's state the first time.</summary>
    private bool Tracking(ref DeptThreadSlot slot, out ThreadContext t)
    {
        if (_stopped)
        {
            t = null!;
            return false;
        }

        t = SlotContext(ref slot);
        return t.Busy == 0;
    }

    /// <summary>This thread's state from the caller's slot, filling the slot the first time (or after an engine change).</summary>
    private ThreadContext SlotContext(ref DeptThreadSlot slot)
        => slot.Context is { } known && ReferenceEquals(known.Engine, this) ? known : (slot.Context = CurrentContext());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int BindSite(DeptSite site, DeptKey key)
    {
        var id = ClassOf(key, 0);
        site.LockClass = ((long)_id << 32) | (uint)id;
        return id;
    }
}
