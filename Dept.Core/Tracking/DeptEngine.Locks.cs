using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Options;

namespace Dept.Core.Tracking;

// Lock annotations (DEPT's ldt_lock / ldt_rlock / ldt_wlock / ldt_unlock / ldt_downgrade).
public sealed partial class DeptEngine
{
    private const int ReadOffset = DeptKey.MaxUserSubclasses;

    // One bit per class: its [E] site is recorded (see NoteEventSite). Grown under the graph lock as classes are created.
    private int[] _eventSiteBits = new int[8];

    /// <summary>A blocking acquire: the wait(s), then the event-context enter (see <see cref="DeptLdt.Acquire(DeptKey, object, DeptSite?, DeptLockMode, DeptLockFlags, int, int)"/>).</summary>
    /// <remarks>
    /// Without a caller slot the thread's state costs one thread-static read; at a known site a plain or re-entrant
    /// exclusive acquire then takes the same inlined path as the slot overload (a custom primitive annotated through
    /// <see cref="DeptLdt"/> pays what a patch pays, not the general code's).
    /// </remarks>
    public void Acquire(DeptKey key, object instance, DeptSite? site = null, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0)
    {
        var slot = default(DeptThreadSlot);
        Acquire(key, instance, site, ref slot, mode, flags, subclass, nest);
    }

    /// <summary>
    /// <see cref="Acquire(DeptKey, object, DeptSite?, DeptLockMode, DeptLockFlags, int, int)"/> with the caller's
    /// per-invocation slot (a patch's <c>ref DeptThreadSlot __context</c>): one thread-static read per invocation.
    /// </summary>
    /// <remarks>
    /// The plain (or re-entrant) blocking exclusive acquire at a known site (what a lock patch declares) takes the
    /// inlined path of <see cref="AcquireKeyed"/>; every other shape goes to the general code under the catch-all.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Acquire(DeptKey key, object instance, DeptSite? site, ref DeptThreadSlot context, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0)
    {
        if (mode == DeptLockMode.Exclusive && (flags & ~DeptLockFlags.Reentrant) == 0 && subclass == 0 && nest == 0
            && site is not null && key is not null && instance is not null)
        {
            AcquireKeyed(key, instance, site, ref context, flags);
        }
        else
        {
            AcquireGeneral(key, instance, site, ref context, mode, flags, subclass, nest);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AcquireGeneral(DeptKey? key, object? instance, DeptSite? site, ref DeptThreadSlot context, DeptLockMode mode,
        DeptLockFlags flags, int subclass, int nest)
    {
        try
        {
            if (Tracking(ref context, out var t))
            {
                AcquireCore(t, key!, instance!, site, mode, flags, subclass, nest); // null arguments end in the catch-all, as on the plain overload
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private void AcquireCore(ThreadContext t, DeptKey key, object instance, DeptSite? site, DeptLockMode mode, DeptLockFlags flags, int subclass, int nest)
    {
        if ((flags & DeptLockFlags.Reentrant) != 0 && Reenter(t, instance))
        {
            return;
        }

        if (mode == DeptLockMode.Exclusive)
        {
            // The common case: the wait and the event context are the same class, resolved once.
            var classId = ClassOf(key, subclass);
            if ((flags & DeptLockFlags.Try) == 0 && ((flags & DeptLockFlags.Timeout) == 0 || _trackTimeouts))
            {
                RecordWait(t, classId, nest, site, (flags & DeptLockFlags.Timeout) != 0, Volatile.Read(ref _shared.WaitGeneration));
            }

            Push(t, classId, instance, nest, site?.Id ?? 0);
            return;
        }

        if ((flags & DeptLockFlags.Try) == 0)
        {
            LockWait(t, key, mode, flags, subclass, nest, site);
        }

        Enter(t, key, instance, mode, subclass, nest, site);
    }

    /// <summary>Only the wait of an acquire (see <see cref="DeptLdt.AcquireWait"/>).</summary>
    public void AcquireWait(DeptKey key, object instance, DeptSite? site = null, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0)
    {
        if ((flags & DeptLockFlags.Try) != 0 || !Tracking(out var t))
        {
            return;
        }

        try
        {
            if ((flags & DeptLockFlags.Reentrant) != 0 && t.FindHeld(instance) >= 0)
            {
                return;
            }

            LockWait(t, key, mode, flags, subclass, nest, site);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Only the event-context enter of an acquire (see <see cref="DeptLdt.Acquired"/>).</summary>
    public void Acquired(DeptKey key, object instance, DeptSite? site = null, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0)
    {
        if (!Tracking(out var t))
        {
            return;
        }

        try
        {
            if ((flags & DeptLockFlags.Reentrant) != 0 && Reenter(t, instance))
            {
                return;
            }

            Enter(t, key, instance, mode, subclass, nest, site);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary><see cref="Release(object, DeptSite?)"/> with the caller's per-invocation slot.</summary>
    /// <remarks>
    /// At a known site this is the lock path's release (<see cref="ReleaseAt"/>): a pop when the newest event context
    /// is this instance's, and, as there, a release inside a suppression still ends a context opened while tracking.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(object instance, DeptSite? site, ref DeptThreadSlot context)
    {
        if (site is not null && instance is not null)
        {
            ReleaseAt(instance, site, ref context);
        }
        else
        {
            ReleaseGeneral(instance, site, ref context);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReleaseGeneral(object? instance, DeptSite? site, ref DeptThreadSlot context)
    {
        try
        {
            if (Tracking(ref context, out var t))
            {
                ExitInstance(t, instance!, site);
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>A release: exits the newest event context of <paramref name="instance"/>.</summary>
    /// <remarks>At a known site, the slot overload's path with one thread-static read.</remarks>
    public void Release(object instance, DeptSite? site = null)
    {
        var slot = default(DeptThreadSlot);
        Release(instance, site, ref slot);
    }

    /// <summary>Turns the held write event context of <paramref name="instance"/> into a read one.</summary>
    public void Downgrade(object instance)
    {
        if (!Tracking(out var t))
        {
            return;
        }

        try
        {
            var i = t.FindHeld(instance);
            if (i >= 0 && t.Held[i].ClassId != 0)
            {
                var cls = _classes.Get(t.Held[i].ClassId);
                if (cls.SubId < ReadOffset)
                {
                    t.Held[i].ClassId = ClassOf(cls.Key, cls.SubId + ReadOffset);
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private static bool Reenter(ThreadContext t, object instance)
    {
        var i = t.FindHeld(instance);
        if (i < 0)
        {
            return false;
        }

        t.Held[i].Depth++;
        return true;
    }

    private void LockWait(ThreadContext t, DeptKey key, DeptLockMode mode, DeptLockFlags flags, int subclass, int nest, DeptSite? site)
    {
        var timeout = (flags & DeptLockFlags.Timeout) != 0;
        if (timeout && !_trackTimeouts)
        {
            return;
        }

        var wgen = Volatile.Read(ref _shared.WaitGeneration);
        if (mode != DeptLockMode.Read && mode != DeptLockMode.Exclusive)
        {
            // Writers and queued readers also wait for the read release.
            RecordWait(t, ClassOf(key, subclass + ReadOffset), nest, site, timeout, wgen);
        }

        RecordWait(t, ClassOf(key, subclass), nest, site, timeout, wgen);
    }

    private void Enter(ThreadContext t, DeptKey key, object instance, DeptLockMode mode, int subclass, int nest, DeptSite? site)
    {
        var sub = mode is DeptLockMode.Read or DeptLockMode.QueuedRead ? subclass + ReadOffset : subclass;
        Push(t, ClassOf(key, sub), instance, nest, site?.Id ?? 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ThreadContext t, int classId, object instance, int nest, int siteId)
    {
        t.EventContexts++;
        if (t.HeldCount == t.Held.Length)
        {
            HeldOverflow(t);
            return;
        }

        ref var h = ref t.Held[t.HeldCount++];
        h.ClassId = classId;
        h.Nest = nest;
        h.Depth = 0;
        h.SiteId = siteId;
        h.Instance = instance;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HeldOverflow(ThreadContext t)
    {
        t.HeldOverflow++;
        WarnOnce(ref _warnedHeld, $"a context holds more than {t.Held.Length} event contexts; deeper ones are not tracked. Raise {DeptOptions.EnvironmentName(nameof(DeptOptions.MaxHeldContexts))} (DeptOptions.MaxHeldContexts).");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ExitInstance(ThreadContext t, object instance, DeptSite? site)
    {
        var i = t.FindHeld(instance);
        if (i < 0)
        {
            if (t.HeldOverflow > 0)
            {
                t.HeldOverflow--;
            }

            return;
        }

        ref var h = ref t.Held[i];
        if (h.Depth > 0)
        {
            h.Depth--;
            return;
        }

        if (site is not null && h.ClassId != 0)
        {
            NoteEventSite(h.ClassId, site);
        }

        t.RemoveHeld(i);
    }

    /// <summary>
    /// Remembers a site that fires this class's event: the [E] of lock contexts in reports. The first one seen is
    /// kept and never overwritten: a release only reads, so threads releasing a shared class from different sites
    /// (Deposit/Withdraw) never write its cache line (that write made 2 threads 5x, 4 threads 10x slower than Dept
    /// off). Whether a class has its site is one bit in a dense bitmap, not a read of the class object: with many
    /// classes those objects are scattered over the heap and each release cost a cache miss (issue #12, new
    /// dependency at 100,000 classes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteEventSite(int classId, DeptSite site)
    {
        var bits = Volatile.Read(ref _eventSiteBits);
        var word = classId >> 5;
        if ((uint)word >= (uint)bits.Length || (Volatile.Read(ref bits[word]) & (1 << (classId & 31))) == 0)
        {
            NoteEventSiteSlow(classId, site);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NoteEventSiteSlow(int classId, DeptSite site)
    {
        var cls = _classes.Get(classId);
        if (cls.EventSite is null)
        {
            Interlocked.CompareExchange(ref cls.EventSite, site, null);
        }

        var bits = Volatile.Read(ref _eventSiteBits);
        var word = classId >> 5;
        if ((uint)word < (uint)bits.Length)
        {
            // Once per class. A grown bitmap published meanwhile may miss this bit: that costs one more slow call.
            Interlocked.Or(ref bits[word], 1 << (classId & 31));
        }
    }

    /// <summary>Grows the event-site bitmap to cover a new class. Caller holds the graph lock.</summary>
    private void EnsureEventSiteBits(int classId)
    {
        var bits = _eventSiteBits;
        if ((classId >> 5) < bits.Length)
        {
            return;
        }

        var grown = new int[Math.Max(bits.Length * 2, (classId >> 5) + 1)];
        for (var i = 0; i < bits.Length; i++)
        {
            grown[i] = Volatile.Read(ref bits[i]);
        }

        Volatile.Write(ref _eventSiteBits, grown);
    }
}
