using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Graph;

namespace Dept.Core.Tracking;

// The inlined paths of the annotation API's slot overloads (issue #12): a patch of a custom lock or event context
// (the dma-buf model's spinlocks, mutexes and signalling sections) that passes its ref DeptThreadSlot and call site
// gets what the rewritten lock statement gets: no exception handler, so the JIT inlines the common case into the
// patch; nothing shared is written; anything else goes to the general code under the catch-all, which starts over.
// Unlike the lock path, the class comes from the key (one instance of a custom primitive may have any class at a
// site), read from the key's class cache, and a re-acquire of a held instance is not re-entry: it is the general
// path's self-deadlock wait.
public sealed partial class DeptEngine
{
    /// <summary>
    /// A blocking exclusive acquire of a lock of class <paramref name="key"/> (subclass 0, nest 0); <paramref name="flags"/>
    /// is <see cref="DeptLockFlags.None"/> or <see cref="DeptLockFlags.Reentrant"/> (a constant at every caller).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AcquireKeyed(DeptKey key, object instance, DeptSite site, ref DeptThreadSlot slot, DeptLockFlags flags)
    {
        if (FastContext(ref slot) is not { } t)
        {
            AcquireGeneral(key, instance, site, ref slot, DeptLockMode.Exclusive, flags, 0, 0);
            return;
        }

        var cached = key.ClassCache0;
        var classId = (int)cached;
        var held = t.Held;
        var count = t.HeldCount;
        if ((int)(cached >> 32) != _liveId || classId == 0 || t.Busy != 0 || t.Flow is not null || (uint)count >= (uint)held.Length)
        {
            AcquireGeneral(key, instance, site, ref slot, DeptLockMode.Exclusive, flags, 0, 0);
            return;
        }

        // The wait rule over the held event contexts: every edge must be known already. A held instance ends the scan:
        // for a re-entrant lock it is a re-entry (newest first, as the general path's FindHeld: nothing is recorded),
        // otherwise the general path's business (its wait on itself is the AA report). The site remembers its first
        // class and one outer class known into it (once per engine), so the usual nesting skips the edge table.
        var live = (long)_liveId << 32;
        var siteClass = site.KeyedClass == (live | (uint)classId);
        for (var i = count - 1; i >= 0; i--)
        {
            ref var h = ref held[i];
            if (ReferenceEquals(h.Instance, instance))
            {
                if ((flags & DeptLockFlags.Reentrant) != 0)
                {
                    h.Depth++;
                    return;
                }

                // Not re-entrant: the general path's self-deadlock wait.
                AcquireGeneral(key, instance, site, ref slot, DeptLockMode.Exclusive, flags, 0, 0);
                return;
            }

            var from = h.ClassId;
            if (from != 0 && (from != classId || h.Nest == 0) && !(siteClass && site.KeyedFrom == (live | (uint)from))
                && !KnownEdge(ref site.KeyedFrom, remember: siteClass, from, classId))
            {
                AcquireGeneral(key, instance, site, ref slot, DeptLockMode.Exclusive, flags, 0, 0);
                return;
            }
        }

        if (!siteClass && (int)(site.KeyedClass >> 32) != _id)
        {
            site.KeyedClass = live | (uint)classId; // once per engine and site: never rewritten per acquire
        }

        LockWaitAndPush(t, held, count, classId, site.Id, instance);
    }

    /// <summary>Enters the explicit event context of <paramref name="map"/> (subclass 0) at a known site.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EcxtEnterAt(DeptMap map, DeptSite site, ref DeptThreadSlot slot)
    {
        if (FastContext(ref slot) is not { } t)
        {
            EcxtEnterGeneral(map, site, ref slot);
            return;
        }

        var cached = map.Key.ClassCache0;
        var classId = (int)cached;
        var held = t.Held;
        var count = t.HeldCount;
        if (map.Subclass != 0 || (int)(cached >> 32) != _liveId || classId == 0 || t.Busy != 0 || (uint)count >= (uint)held.Length)
        {
            EcxtEnterGeneral(map, site, ref slot);
            return;
        }

        t.EventContexts++;
        PushHeld(t, held, count, classId, site.Id, map);
    }

    /// <summary>
    /// A blocking wait on <paramref name="map"/> (subclass 0, its own key) at a known site that needs no request: the
    /// map fires once and already did (a fence waited on after its signal). Its class is already noted as waited and
    /// fired, and every edge from a held event context is known: then it is one history entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WaitAt(DeptMap map, DeptSite site, ref DeptThreadSlot slot)
    {
        var t = FastContext(ref slot);
        var cached = map.Key.ClassCache0;
        var classId = (int)cached;
        if (t is null || map.Subclass != 0 || !map.FiresOnce || map.EverFired == 0 || (int)(cached >> 32) != _liveId || classId == 0
            || t.Busy != 0 || t.Flow is not null || _classes.Find(classId) is not { Waited: not 0, Fired: not 0 })
        {
            WaitGeneral(map, site, ref slot, timeout: false, waitKey: null);
            return;
        }

        var before = Volatile.Read(ref _shared.WaitGeneration);
        var held = t.Held;
        for (var i = t.HeldCount - 1; i >= 0; i--)
        {
            var from = held[i].ClassId;
            // A body context takes no event wait (see RecordWait).
            if (from != 0 && held[i].Nest != BodyNest && (from != classId || held[i].Nest == 0) && !_edges.Contains(EdgeSet.Key(from, classId)))
            {
                WaitGeneral(map, site, ref slot, timeout: false, waitKey: null);
                return;
            }
        }

        t.Waits++;
        if (InAnyWindow())
        {
            t.AddHistory(classId, before, site.Id, timeout: false);
        }
    }
}
