using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Tests.Tracking;

/// <summary>
/// The inlined paths of the annotation slot overloads (issue #12): a custom lock's acquire and an explicit event context
/// at a known site, once the class is cached and the edges known, record exactly what the general path records.
/// </summary>
public sealed class AnnotationPathTests
{
    private static readonly DeptSite s_enter = TestEngine.Site("spin_lock", 1);
    private static readonly DeptSite s_exit = TestEngine.Site("spin_unlock", 2);
    private static readonly DeptSite s_begin = TestEngine.Site("begin_signalling", 3);
    private static readonly DeptSite s_end = TestEngine.Site("end_signalling", 4);
    private static readonly DeptSite s_wait = TestEngine.Site("fence_wait", 5);

    [Fact]
    public void ManyRoundsThroughTheSlotOverloads_RecordWhatThePlainCallsRecord()
    {
        // Rounds after the first run the inlined paths (class cached, edges known); the mirror in the last round closes
        // a cycle through the fence, which only the general code can find: both must agree on every count.
        static (string[] Dependencies, int Reports, long Waits, long EventContexts) Run(bool slots)
        {
            var t = new TestEngine();
            var e = t.Engine;
            var signalling = new DeptMap(new DeptKey("Path.signalling"));
            var a = new DeptKey("Path.A");
            var b = new DeptKey("Path.B");
            var slot = default(DeptThreadSlot);
            for (var round = 0; round < 5; round++)
            {
                object la = new(), lb = new();
                if (slots)
                {
                    e.EcxtEnter(signalling, s_begin, ref slot);
                    e.Acquire(a, la, s_enter, ref slot);
                    e.Acquire(b, lb, s_enter, ref slot);
                    e.Release(lb, s_exit, ref slot);
                    e.Release(la, s_exit, ref slot);
                    e.EcxtExit(signalling, s_end, ref slot);
                }
                else
                {
                    e.EcxtEnter(signalling, s_begin);
                    e.Acquire(a, la, s_enter);
                    e.Acquire(b, lb, s_enter);
                    e.Release(lb, s_exit);
                    e.Release(la, s_exit);
                    e.EcxtExit(signalling, s_end);
                }
            }

            // The mirror: B held across a wait for the signalling class (B -> signalling), closing signalling -> B.
            object held = new();
            var fence = new DeptMap(signalling.Key);
            if (slots) { e.Acquire(b, held, s_enter, ref slot); e.Wait(fence, s_wait, ref slot); e.Release(held, s_exit, ref slot); }
            else { e.Acquire(b, held, s_enter); e.Wait(fence, s_wait); e.Release(held, s_exit); }

            if (slots)
            {
                Assert.True(e.CurrentContext().LockPathAcquires >= 8, "the rounds after the first take the inlined acquire");
            }

            var stats = e.GetStats();
            return ([.. e.CreateDocument().Dependencies.Select(d => $"{d.Context.Start.ClassName}->{d.Context.Wait.ClassName}").Order()],
                t.Reports.Count, stats.Waits, stats.EventContexts);
        }

        var plain = Run(slots: false);
        var withSlots = Run(slots: true);
        Assert.Equal(["Path.A->Path.B", "Path.B->Path.signalling", "Path.signalling->Path.A", "Path.signalling->Path.B"], plain.Dependencies);
        Assert.Equal(1, plain.Reports);
        Assert.Equal(plain.Dependencies, withSlots.Dependencies);
        Assert.Equal((plain.Reports, plain.Waits, plain.EventContexts), (withSlots.Reports, withSlots.Waits, withSlots.EventContexts));
    }

    [Fact]
    public void OneAcquireSiteWithOtherOuterClassesAndOtherLockClasses_StillMakesEveryEdge()
    {
        // The site remembers its first class (A) and one outer class known into it (X). A second outer class (Y) and a
        // second lock class at the same site (B) must still reach the edge table and make their edges.
        var t = new TestEngine();
        var e = t.Engine;
        var (x, y, a, b) = (new DeptKey("Site.X"), new DeptKey("Site.Y"), new DeptKey("Site.A"), new DeptKey("Site.B"));
        var outerSite = TestEngine.Site("outer_lock", 20);
        var slot = default(DeptThreadSlot);
        void Nest(DeptKey outer, DeptKey inner)
        {
            object lo = new(), li = new();
            e.Acquire(outer, lo, outerSite, ref slot);
            e.Acquire(inner, li, s_enter, ref slot);
            e.Release(li, s_exit, ref slot);
            e.Release(lo, s_exit, ref slot);
        }

        for (var i = 0; i < 3; i++)
        {
            Nest(x, a); // memoised after the first round
        }

        Nest(y, a);
        Nest(x, b);
        Nest(a, y); // closes Y -> A -> Y

        var names = e.CreateDocument().Dependencies.Select(d => $"{d.Context.Start.ClassName}->{d.Context.Wait.ClassName}").Order();
        Assert.Equal(["Site.A->Site.Y", "Site.X->Site.A", "Site.X->Site.B", "Site.Y->Site.A"], names);
        Assert.Single(t.Reports);
    }

    [Fact]
    public void ReacquiringAHeldNonReentrantLock_IsReportedOnTheInlinedPathToo()
    {
        // A custom lock is not re-entrant: its second acquire by the holder is a self-deadlock (AA), also once the class
        // is cached and the thread's slot filled, when the acquire would otherwise take the inlined path.
        var t = new TestEngine();
        var key = new DeptKey("Path.Self");
        var slot = default(DeptThreadSlot);
        object warm = new(), l = new();
        t.Engine.Acquire(key, warm, s_enter, ref slot);
        t.Engine.Release(warm, s_exit, ref slot);
        t.Engine.Acquire(key, l, s_enter, ref slot);
        t.Engine.Acquire(key, l, s_enter, ref slot);

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.AADeadlock, report.Kind);
        Assert.All(report.Contexts, c => Assert.Equal("Path.Self", c.Event.ClassName));
    }

    [Fact]
    public void AnEventContextLeftInsideASuppression_Ends_AndANoCheckMapIsNeverEntered()
    {
        var t = new TestEngine();
        var section = new DeptMap(new DeptKey("Path.section"));
        var noCheck = DeptMap.CreateNoCheck("Path.nocheck");
        var after = new DeptMap(new DeptKey("Path.after"));
        var slot = default(DeptThreadSlot);
        for (var round = 0; round < 2; round++)
        {
            t.Engine.EcxtEnter(section, s_begin, ref slot);
            t.Engine.EnterSuppression();
            t.Engine.EcxtExit(section, s_end, ref slot);
            t.Engine.ExitSuppression();
        }

        t.Engine.EcxtEnter(noCheck, s_begin, ref slot);
        t.Engine.Wait(after, s_wait, ref slot); // neither the section nor the no-check map is held: no dependency
        t.Engine.EcxtExit(noCheck, s_end, ref slot);

        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void AWaitOnAFiredOnceOnlyMap_RequestsNothing_ARepeatableMapStillRequests()
    {
        // After its event, a once-only map's wait opens no window: a (buggy) second event then charges nothing. A map
        // that can fire again keeps DEPT's rule: the wait's request makes the next event charge the waits before it.
        static long Run(bool firesOnce)
        {
            var t = new TestEngine();
            var map = new DeptMap(new DeptKey("Path.fence"), firesOnce: firesOnce);
            var lockKey = new DeptKey("Path.L");
            var slot = default(DeptThreadSlot);
            t.Engine.Event(map, s_exit, ref slot);           // fired before anyone waited
            t.Engine.Wait(map, s_wait, ref slot);            // answered: a request only if the map can fire again
            object l = new();
            t.Engine.Acquire(lockKey, l, s_enter, ref slot); // a wait in the event's window
            t.Engine.Release(l, s_exit, ref slot);
            t.Engine.Event(map, s_exit, ref slot);
            return t.Engine.GetStats().Dependencies;
        }

        Assert.Equal(0, Run(firesOnce: true));
        Assert.Equal(1, Run(firesOnce: false));
    }

    [Fact]
    public void AnsweredWaitsOnAOnceOnlyMap_RecordWhatThePlainCallsRecord()
    {
        // The dma-fence cycle: a fence signalled, then waited on inside a lock and inside a section; the inlined wait
        // must still make each new edge (lock -> fence, section -> fence) and count every wait.
        static (string[] Dependencies, long Waits, long History) Run(bool slots)
        {
            var t = new TestEngine();
            var e = t.Engine;
            var fenceKey = new DeptKey("Path.dma_fence");
            var section = new DeptMap(new DeptKey("Path.section"));
            var lockKey = new DeptKey("Path.lock");
            var slot = default(DeptThreadSlot);
            for (var round = 0; round < 4; round++)
            {
                var fence = new DeptMap(fenceKey, firesOnce: true);
                object l = new();
                if (slots)
                {
                    e.Event(fence, s_exit, ref slot);
                    e.Wait(fence, s_wait, ref slot);
                    e.Acquire(lockKey, l, s_enter, ref slot);
                    e.Wait(fence, s_wait, ref slot);
                    e.Release(l, s_exit, ref slot);
                    if (round >= 2)
                    {
                        e.EcxtEnter(section, s_begin, ref slot);
                        e.Wait(fence, s_wait, ref slot);
                        e.EcxtExit(section, s_end, ref slot);
                    }
                }
                else
                {
                    e.Event(fence, s_exit);
                    e.Wait(fence, s_wait);
                    e.Acquire(lockKey, l, s_enter);
                    e.Wait(fence, s_wait);
                    e.Release(l, s_exit);
                    if (round >= 2)
                    {
                        e.EcxtEnter(section, s_begin);
                        e.Wait(fence, s_wait);
                        e.EcxtExit(section, s_end);
                    }
                }
            }

            return ([.. e.CreateDocument().Dependencies.Select(d => $"{d.Context.Start.ClassName}->{d.Context.Wait.ClassName}").Order()],
                e.GetStats().Waits, e.CurrentContext().HistoryNext);
        }

        var plain = Run(slots: false);
        var withSlots = Run(slots: true);
        Assert.Equal(["Path.lock->Path.dma_fence", "Path.section->Path.dma_fence"], plain.Dependencies);
        Assert.Equal(plain.Dependencies, withSlots.Dependencies);
        Assert.Equal((plain.Waits, plain.History), (withSlots.Waits, withSlots.History));
    }

    [Fact]
    public void AWaitOnAOnceOnlyMapBeforeItsEvent_StillRequests()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("Path.pending"), firesOnce: true);
        var lockKey = new DeptKey("Path.M");
        object l = new();
        TestEngine.OnThread(() => t.Engine.Wait(map, s_wait), "waiter");
        t.Engine.Acquire(lockKey, l, s_enter);
        t.Engine.Release(l, s_exit);
        t.Engine.Event(map, s_exit);

        var dependency = Assert.Single(t.Engine.CreateDocument().Dependencies);
        Assert.Equal(("Path.pending", "Path.M"), (dependency.Context.Start.ClassName, dependency.Context.Wait.ClassName));
        Assert.True(map.FiresOnce);
    }

    [Fact]
    public void NamedKeys_AreTheSameForEqualNames_WhicheverStringObjectAsks()
    {
        var name = "Path.Named." + Guid.NewGuid().ToString("N");
        var copy = new string(name.AsSpan());
        Assert.NotSame(name, copy);
        var first = DeptKey.Named(name);
        Assert.Same(first, DeptKey.Named(name));  // the remembered string object
        Assert.Same(first, DeptKey.Named(copy));  // an equal string: the interned key, not a new one
        Assert.Same(first, DeptKey.Named(copy));
        Assert.NotSame(first, DeptKey.Named(name + "x"));

        var site = DeptKey.ForCallSite("Path.fn", "/src/Path.cs", 7);
        Assert.Same(site, DeptKey.Named(site.Name)); // one table: a call-site key keeps its name
    }
}
