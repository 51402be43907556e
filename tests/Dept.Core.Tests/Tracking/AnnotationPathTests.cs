using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Tests.Tracking;

/// <summary>
/// The inlined paths of the annotation overloads at a known site (issue #12), with a caller slot or with the plain
/// overloads' one thread-static read: a custom lock's acquire (plain or re-entrant), an explicit event context and an
/// answered wait, once the class is cached and the edges known, record exactly what the general code records.
/// </summary>
public sealed class AnnotationPathTests
{
    private static readonly DeptSite s_enter = TestEngine.Site("spin_lock", 1);
    private static readonly DeptSite s_exit = TestEngine.Site("spin_unlock", 2);
    private static readonly DeptSite s_begin = TestEngine.Site("begin_signalling", 3);
    private static readonly DeptSite s_end = TestEngine.Site("end_signalling", 4);
    private static readonly DeptSite s_wait = TestEngine.Site("fence_wait", 5);

    /// <summary>How a test calls the engine: no site (always the general code), a site without a slot, a site and a slot.</summary>
    public enum Calls
    {
        General,
        Plain,
        Slots,
    }

    [Fact]
    public void ManyRoundsThroughTheInlinedPaths_RecordWhatTheGeneralCodeRecords()
    {
        // Rounds after the first run the inlined paths (class cached, edges known), with a caller slot or with the plain
        // overloads' one thread-static read; without a site every call takes the general code. The mirror in the last
        // round closes a cycle through the fence, which only the general code can find: all three must agree.
        static (string[] Dependencies, int Reports, long Waits, long EventContexts) Run(Calls calls)
        {
            var t = new TestEngine();
            var e = t.Engine;
            var signalling = new DeptMap(new DeptKey("Path.signalling"));
            var a = new DeptKey("Path.A");
            var b = new DeptKey("Path.B");
            var slot = default(DeptThreadSlot);
            DeptSite? Site(DeptSite site) => calls == Calls.General ? null : site;
            void Acquire(DeptKey key, object l)
            {
                if (calls == Calls.Slots) { e.Acquire(key, l, s_enter, ref slot); } else { e.Acquire(key, l, Site(s_enter)); }
            }

            void Release(object l)
            {
                if (calls == Calls.Slots) { e.Release(l, s_exit, ref slot); } else { e.Release(l, Site(s_exit)); }
            }

            for (var round = 0; round < 5; round++)
            {
                object la = new(), lb = new();
                if (calls == Calls.Slots) { e.EcxtEnter(signalling, s_begin, ref slot); } else { e.EcxtEnter(signalling, Site(s_begin)); }
                Acquire(a, la);
                Acquire(b, lb);
                Release(lb);
                Release(la);
                if (calls == Calls.Slots) { e.EcxtExit(signalling, s_end, ref slot); } else { e.EcxtExit(signalling, Site(s_end)); }
            }

            // The mirror: B held across a wait for the signalling class (B -> signalling), closing signalling -> B.
            object held = new();
            var fence = new DeptMap(signalling.Key);
            Acquire(b, held);
            if (calls == Calls.Slots) { e.Wait(fence, s_wait, ref slot); } else { e.Wait(fence, Site(s_wait)); }
            Release(held);

            var inlined = e.CurrentContext().LockPathAcquires;
            Assert.True(calls == Calls.General ? inlined == 0 : inlined >= 8, $"{calls}: {inlined} acquires took the inlined path");
            var stats = e.GetStats();
            return ([.. e.CreateDocument().Dependencies.Select(d => $"{d.Context.Start.ClassName}->{d.Context.Wait.ClassName}").Order()],
                t.Reports.Count, stats.Waits, stats.EventContexts);
        }

        var general = Run(Calls.General);
        Assert.Equal(["Path.A->Path.B", "Path.B->Path.signalling", "Path.signalling->Path.A", "Path.signalling->Path.B"], general.Dependencies);
        Assert.Equal(1, general.Reports);
        foreach (var calls in new[] { Calls.Plain, Calls.Slots })
        {
            var inlined = Run(calls);
            Assert.Equal(general.Dependencies, inlined.Dependencies);
            Assert.Equal((general.Reports, general.Waits, general.EventContexts), (inlined.Reports, inlined.Waits, inlined.EventContexts));
        }
    }

    [Theory]
    [InlineData(Calls.General)]
    [InlineData(Calls.Plain)]
    [InlineData(Calls.Slots)]
    public void ReentrantAcquires_CountDepth_RecordNothing_AndTheLastReleaseEndsTheContext(Calls calls)
    {
        // A re-entrant custom lock (flags: Reentrant) at a known site: a re-entry records no wait and no edge, even when
        // a newer held lock has no edge into it yet (B held inside A, then A again: no B -> A); the context ends with
        // the outermost release only, so a wait between the two releases is still charged to A.
        var t = new TestEngine();
        var e = t.Engine;
        var (a, b, c) = (new DeptKey("Reentrant.A"), new DeptKey("Reentrant.B"), new DeptKey("Reentrant.C"));
        var slot = default(DeptThreadSlot);
        var site = calls == Calls.General ? null : s_enter;
        var exit = calls == Calls.General ? null : s_exit;
        void Acquire(DeptKey key, object l)
        {
            if (calls == Calls.Slots) { e.Acquire(key, l, s_enter, ref slot, flags: DeptLockFlags.Reentrant); } else { e.Acquire(key, l, site, flags: DeptLockFlags.Reentrant); }
        }

        void Release(object l)
        {
            if (calls == Calls.Slots) { e.Release(l, s_exit, ref slot); } else { e.Release(l, exit); }
        }

        object la = new(), lb = new(), lc = new();
        for (var round = 0; round < 3; round++) // warm: class cached, the site's memo filled
        {
            Acquire(a, la);
            Acquire(a, la);
            Release(la);
            Release(la);
        }

        var waits = e.GetStats().Waits;
        Acquire(a, la);
        Acquire(b, lb);   // A -> B
        Acquire(a, la);   // re-entry under B: no B -> A
        Release(la);
        Release(lb);
        Acquire(a, la);   // re-entry again
        Release(la);
        Acquire(c, lc);   // A still held: A -> C
        Release(lc);
        Release(la);
        Acquire(c, lc);   // A released: nothing more
        Release(lc);

        var names = e.CreateDocument().Dependencies.Select(d => $"{d.Context.Start.ClassName}->{d.Context.Wait.ClassName}").Order();
        Assert.Equal(["Reentrant.A->Reentrant.B", "Reentrant.A->Reentrant.C"], names);
        Assert.Equal(4, e.GetStats().Waits - waits); // A, B, C, C: the re-entries are not waits
        Assert.Empty(t.Reports);
        Assert.Equal(0, e.CurrentContext().HeldCount);
        var inlined = e.CurrentContext().LockPathAcquires;
        Assert.True(calls == Calls.General ? inlined == 0 : inlined >= 3, $"{calls}: {inlined} acquires took the inlined path");
    }

    [Fact]
    public void PlainOverloads_ReacquiringAHeldNonReentrantLock_IsStillReported()
    {
        var t = new TestEngine();
        var key = new DeptKey("Path.PlainSelf");
        object warm = new(), l = new();
        t.Engine.Acquire(key, warm, s_enter);
        t.Engine.Release(warm, s_exit);
        t.Engine.Acquire(key, l, s_enter);
        t.Engine.Acquire(key, l, s_enter);

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.AADeadlock, report.Kind);
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
    public void PlainEcxtExitInsideASuppression_EndsTheContext()
    {
        // As the slot overload: a section entered while tracking and left inside a suppression is over; left held, it
        // would charge every later wait on this thread to it.
        var t = new TestEngine();
        var section = new DeptMap(new DeptKey("Path.plain_section"));
        var after = new DeptMap(new DeptKey("Path.plain_after"));
        t.Engine.EcxtEnter(section, s_begin);
        t.Engine.EnterSuppression();
        t.Engine.EcxtExit(section, s_end);
        t.Engine.ExitSuppression();
        t.Engine.Wait(after, s_wait);

        Assert.Equal(0, t.Engine.CurrentContext().HeldCount);
        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void ANullMap_IsIgnored_NeitherThrownIntoTheCaller_NorStoppingTheEngine()
    {
        // A null map is the annotating code's bug; the tracker never throws into user code, and one bad call must not
        // end tracking for the whole process (before: a NullReferenceException from the plain overloads, an
        // "internal failure" stop from the slot overloads).
        var t = new TestEngine();
        var e = t.Engine;
        var slot = default(DeptThreadSlot);
        DeptMap map = null!;
        e.Wait(map, s_wait);
        e.Wait(map, s_wait, ref slot);
        e.Wait(map);
        e.EcxtEnter(map, s_begin);
        e.EcxtEnter(map, s_begin, ref slot);
        e.EcxtExit(map, s_end);
        e.EcxtExit(map, s_end, ref slot);
        e.Event(map, s_exit);
        e.Event(map, s_exit, ref slot);
        e.RequestEvent(map);

        object a = new(), b = new();
        var (ka, kb) = (new DeptKey("Null.A"), new DeptKey("Null.B"));
        e.Acquire(ka, a, s_enter);
        e.Acquire(kb, b, s_enter);
        e.Release(b, s_exit);
        e.Release(a, s_exit);
        e.Acquire(kb, b, s_enter);
        e.Acquire(ka, a, s_enter);
        e.Release(a, s_exit);
        e.Release(b, s_exit);
        Assert.Equal(DeptReportKind.Deadlock, Assert.Single(t.Reports).Kind); // still tracking
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
    public void AnsweredWaitsOnAOnceOnlyMap_RecordWhatTheGeneralCodeRecords()
    {
        // The dma-fence cycle: a fence signalled, then waited on inside a lock and inside a section; the inlined wait
        // (slot or plain overload at a known site) must still make each new edge (lock -> fence, section -> fence) and
        // count every wait, as the general code (no site) does.
        static (string[] Dependencies, long Waits, long History) Run(Calls calls)
        {
            var t = new TestEngine();
            var e = t.Engine;
            var fenceKey = new DeptKey("Path.dma_fence");
            var section = new DeptMap(new DeptKey("Path.section"));
            var lockKey = new DeptKey("Path.lock");
            var slot = default(DeptThreadSlot);
            DeptSite? Site(DeptSite site) => calls == Calls.General ? null : site;
            for (var round = 0; round < 4; round++)
            {
                var fence = new DeptMap(fenceKey, firesOnce: true);
                object l = new();
                if (calls == Calls.Slots)
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
                    e.Event(fence, Site(s_exit));
                    e.Wait(fence, Site(s_wait));
                    e.Acquire(lockKey, l, Site(s_enter));
                    e.Wait(fence, Site(s_wait));
                    e.Release(l, Site(s_exit));
                    if (round >= 2)
                    {
                        e.EcxtEnter(section, Site(s_begin));
                        e.Wait(fence, Site(s_wait));
                        e.EcxtExit(section, Site(s_end));
                    }
                }
            }

            return ([.. e.CreateDocument().Dependencies.Select(d => $"{d.Context.Start.ClassName}->{d.Context.Wait.ClassName}").Order()],
                e.GetStats().Waits, e.CurrentContext().HistoryNext);
        }

        var general = Run(Calls.General);
        Assert.Equal(["Path.lock->Path.dma_fence", "Path.section->Path.dma_fence"], general.Dependencies);
        foreach (var calls in new[] { Calls.Plain, Calls.Slots })
        {
            var inlined = Run(calls);
            Assert.Equal(general.Dependencies, inlined.Dependencies);
            Assert.Equal((general.Waits, general.History), (inlined.Waits, inlined.History));
        }
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
