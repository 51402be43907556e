using Dept.Core.Annotations;

namespace Dept.Core.Tests.Tracking;

/// <summary>
/// The instrumentation's inlined lock path (<c>AcquireAt</c>/<c>ReleaseAt</c> with a caller's slot): its shortcuts (the
/// slot, the site's known outer class, the site's noted event class) must never change what the engine records.
/// </summary>
public sealed class LockPathTests
{
    private static readonly DeptKey s_x = new("LockPath.X");
    private static readonly DeptKey s_y = new("LockPath.Y");
    private static readonly DeptKey s_z = new("LockPath.Z");

    [Fact]
    public void ASecondOuterClassAtTheSameSite_StillMakesItsEdge_AndItsCycleIsFound()
    {
        var t = new TestEngine();
        var (atX, atY, atZ, exit) = (TestEngine.Site("Monitor.Enter", 1), TestEngine.Site("Monitor.Enter", 2), TestEngine.Site("Monitor.Enter", 3), TestEngine.Site("Monitor.Exit", 4));
        object x = new(), y = new(), z = new();
        var slot = default(DeptThreadSlot);

        // Y's site learns "X is known around me"; Z around the same site must still be checked and recorded.
        for (var i = 0; i < 3; i++)
        {
            t.Engine.AcquireAt(atX, s_x, x, ref slot);
            t.Engine.AcquireAt(atY, s_y, y, ref slot);
            t.Engine.ReleaseAt(y, exit, ref slot);
            t.Engine.ReleaseAt(x, exit, ref slot);
        }

        t.Engine.AcquireAt(atZ, s_z, z, ref slot);
        t.Engine.AcquireAt(atY, s_y, y, ref slot);
        t.Engine.ReleaseAt(y, exit, ref slot);
        t.Engine.ReleaseAt(z, exit, ref slot);
        Assert.Equal(2, t.Engine.GetStats().Dependencies);

        // Y then Z closes the cycle Z -> Y -> Z.
        t.Engine.AcquireAt(atY, s_y, y, ref slot);
        t.Engine.AcquireAt(atZ, s_z, z, ref slot);
        t.Engine.ReleaseAt(z, exit, ref slot);
        t.Engine.ReleaseAt(y, exit, ref slot);

        var report = Assert.Single(t.Reports);
        Assert.Equal(["LockPath.Y", "LockPath.Z"], report.Contexts.Select(c => c.Start.ClassName).Order());
    }

    [Fact]
    public void ReleasesOnTheFastPath_KeepTheFirstReleaseSiteAsTheEvent()
    {
        var t = new TestEngine();
        var (atX, atY, exitX, exitY) = (TestEngine.Site("Monitor.Enter", 10), TestEngine.Site("Monitor.Enter", 11), TestEngine.Site("Monitor.Exit", 12), TestEngine.Site("Monitor.Exit", 13));
        object x = new(), y = new();
        var slot = default(DeptThreadSlot);
        for (var i = 0; i < 3; i++)
        {
            t.Engine.AcquireAt(atX, s_x, x, ref slot);
            t.Engine.AcquireAt(atY, s_y, y, ref slot);
            t.Engine.ReleaseAt(y, exitY, ref slot);
            t.Engine.ReleaseAt(x, exitX, ref slot);
        }

        t.Engine.AcquireAt(atY, s_y, y, ref slot);
        t.Engine.AcquireAt(atX, s_x, x, ref slot);
        t.Engine.ReleaseAt(x, exitX, ref slot);
        t.Engine.ReleaseAt(y, exitY, ref slot);

        var report = Assert.Single(t.Reports);
        var byClass = report.Contexts.ToDictionary(c => c.Event.ClassName);
        Assert.Equal(12, byClass["LockPath.X"].Event.Location?.Line);
        Assert.Equal(13, byClass["LockPath.Y"].Event.Location?.Line);
    }

    [Fact]
    public void OutOfOrderReleasesAndReentry_LeaveNothingHeld()
    {
        var t = new TestEngine();
        var (atX, atY, atZ, exit) = (TestEngine.Site("Monitor.Enter", 20), TestEngine.Site("Monitor.Enter", 21), TestEngine.Site("Monitor.Enter", 22), TestEngine.Site("Monitor.Exit", 23));
        object x = new(), y = new(), z = new();
        var slot = default(DeptThreadSlot);
        t.Engine.AcquireAt(atX, s_x, x, ref slot);
        t.Engine.AcquireAt(atY, s_y, y, ref slot);
        t.Engine.AcquireAt(atX, s_x, x, ref slot); // re-entry below the top: a depth, no wait, no edge Y -> X
        t.Engine.ReleaseAt(x, exit, ref slot);
        t.Engine.ReleaseAt(x, exit, ref slot);     // X released before Y
        t.Engine.ReleaseAt(y, exit, ref slot);
        t.Engine.AcquireAt(atZ, s_z, z, ref slot); // nothing held: no edge into Z
        t.Engine.ReleaseAt(z, exit, ref slot);

        var dependency = Assert.Single(t.Engine.CreateDocument().Dependencies);
        Assert.Equal(("LockPath.X", "LockPath.Y"), (dependency.Context.Start.ClassName, dependency.Context.Wait.ClassName));
        Assert.Empty(t.Reports);
    }

    [Fact]
    public void ASlotFilledByAnotherEngine_IsNotUsedForThisOne()
    {
        var a = new TestEngine();
        var b = new TestEngine();
        var (atX, atY, exit) = (TestEngine.Site("Monitor.Enter", 30), TestEngine.Site("Monitor.Enter", 31), TestEngine.Site("Monitor.Exit", 32));
        object x = new(), y = new();
        var slot = default(DeptThreadSlot);
        a.Engine.AcquireAt(atX, s_x, x, ref slot);  // the slot now holds this thread's state for a
        b.Engine.AcquireAt(atY, s_y, y, ref slot);  // b must not push into a's state (no X -> Y in either)
        b.Engine.ReleaseAt(y, exit, ref slot);
        a.Engine.ReleaseAt(x, exit, ref slot);

        Assert.Equal(0, a.Engine.GetStats().Dependencies);
        Assert.Equal(0, b.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void ASuppressedThread_RecordsNothing_EvenWithAFilledSlot()
    {
        var t = new TestEngine();
        var (atX, atY, exit) = (TestEngine.Site("Monitor.Enter", 40), TestEngine.Site("Monitor.Enter", 41), TestEngine.Site("Monitor.Exit", 42));
        object x = new(), y = new();
        var slot = default(DeptThreadSlot);
        t.Engine.AcquireAt(atX, s_x, x, ref slot);
        t.Engine.ReleaseAt(x, exit, ref slot);
        t.Engine.EnterSuppression();
        try
        {
            t.Engine.AcquireAt(atX, s_x, x, ref slot);
            t.Engine.AcquireAt(atY, s_y, y, ref slot);
            t.Engine.ReleaseAt(y, exit, ref slot);
            t.Engine.ReleaseAt(x, exit, ref slot);
        }
        finally
        {
            t.Engine.ExitSuppression();
        }

        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void TwoThreadsOnSharedSites_EachHasItsOwnContext()
    {
        var t = new TestEngine();
        var (atX, atY, exit) = (TestEngine.Site("Monitor.Enter", 50), TestEngine.Site("Monitor.Enter", 51), TestEngine.Site("Monitor.Exit", 52));
        object x = new(), y = new();
        using var xHeld = new ManualResetEventSlim();
        using var yDone = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            var slot = default(DeptThreadSlot);
            t.Engine.AcquireAt(atX, s_x, x, ref slot);
            xHeld.Set();
            yDone.Wait(TimeSpan.FromSeconds(30));
            t.Engine.ReleaseAt(x, exit, ref slot);
        });
        holder.Start();
        Assert.True(xHeld.Wait(TimeSpan.FromSeconds(30)));
        var mine = default(DeptThreadSlot);
        t.Engine.AcquireAt(atY, s_y, y, ref mine); // X is held by the other thread: no X -> Y
        t.Engine.ReleaseAt(y, exit, ref mine);
        yDone.Set();
        Assert.True(holder.Join(TimeSpan.FromSeconds(30)));

        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }
    [Fact]
    public void TheAnnotationSlotOverloads_RecordExactlyWhatTheThreadStaticOnesRecord()
    {
        // The same program (the dma-fence shape: a signalling section, a lock, a fence wait; then the mirror that closes
        // a cycle through the fence) once through the plain annotation calls and once through the slot overloads.
        static (string[] Dependencies, string[] Reports) Run(bool slots)
        {
            var t = new TestEngine();
            var e = t.Engine;
            var signalling = new DeptMap(new DeptKey("Slot.signalling"));
            var fence = new DeptMap(new DeptKey("Slot.fence"));
            var lockKey = new DeptKey("Slot.lock");
            object l = new();
            var slot = default(DeptThreadSlot);
            var (enter, wait, signal, exit) = (TestEngine.Site("begin", 1), TestEngine.Site("Fence.Wait", 2), TestEngine.Site("Fence.Signal", 3), TestEngine.Site("end", 4));

            // Waiter: holds the lock while waiting for the fence.
            if (slots) { e.Acquire(lockKey, l, enter, ref slot); e.Wait(fence, wait, ref slot); e.Release(l, exit, ref slot); }
            else { e.Acquire(lockKey, l, enter); e.Wait(fence, wait); e.Release(l, exit); }

            // Signaller: inside the signalling section, takes the lock, then signals the fence.
            if (slots)
            {
                e.EcxtEnter(signalling, enter, ref slot);
                e.Acquire(lockKey, l, enter, ref slot);
                e.Release(l, exit, ref slot);
                e.Event(fence, signal, ref slot);
                e.EcxtExit(signalling, exit, ref slot);
            }
            else
            {
                e.EcxtEnter(signalling, enter);
                e.Acquire(lockKey, l, enter);
                e.Release(l, exit);
                e.Event(fence, signal);
                e.EcxtExit(signalling, exit);
            }

            var document = e.CreateDocument();
            return (
                [.. document.Dependencies.Select(d => $"{d.Context.Start.ClassName}->{d.Context.Wait.ClassName}").Order()],
                [.. t.Reports.Select(r => string.Join("|", r.Contexts.Select(c => c.Start.ClassName).Order()))]);
        }

        var plain = Run(slots: false);
        var withSlots = Run(slots: true);
        Assert.NotEmpty(plain.Dependencies);
        Assert.Single(plain.Reports);
        Assert.Equal(plain.Dependencies, withSlots.Dependencies);
        Assert.Equal(plain.Reports, withSlots.Reports);
    }
    [Fact]
    public void ALockReleasedInsideASuppression_EndsItsEventContext_OnBothPaths()
    {
        // Taken while tracking, released inside a suppression: later waits must not be charged to it. The first
        // release at a site takes the slow path (its [E] is not noted yet), later ones the fast path: both.
        var t = new TestEngine();
        var (atX, atY, exit) = (TestEngine.Site("Monitor.Enter", 60), TestEngine.Site("Monitor.Enter", 61), TestEngine.Site("Monitor.Exit", 62));
        object x = new(), y = new();
        var slot = default(DeptThreadSlot);
        for (var round = 0; round < 2; round++)
        {
            t.Engine.AcquireAt(atX, s_x, x, ref slot);
            t.Engine.EnterSuppression();
            t.Engine.ReleaseAt(x, exit, ref slot);
            t.Engine.ExitSuppression();
            t.Engine.AcquireAt(atY, s_y, y, ref slot);
            t.Engine.ReleaseAt(y, exit, ref slot);
        }

        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }
}
