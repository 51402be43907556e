using Dept.Core.Annotations;
using Dept.Core.Reports;

namespace Dept.Core.Tests.Tracking;

/// <summary>DEPT's unit tests (spin and mutex AB-BA) plus the negative cases DEPT lacks.</summary>
public sealed class LockDependencyTests
{
    private readonly DeptKey _a = new("A");
    private readonly DeptKey _b = new("B");
    private readonly object _la = new();
    private readonly object _lb = new();

    [Fact]
    public void SpinAbba_ReportsDeadlock()
    {
        // DEPT "spin lock deadlock test": lock s1; lock s2; unlock; unlock; lock s2; lock s1.
        var t = new TestEngine();
        t.Lock(_a, _la); t.Lock(_b, _lb); t.Unlock(_lb); t.Unlock(_la);
        t.Lock(_b, _lb); t.Lock(_a, _la); t.Unlock(_la); t.Unlock(_lb);

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
    }

    [Fact]
    public void MutexAbbaAcrossThreadsAndInstances_ReportsDeadlockWithBothContexts()
    {
        var t = new TestEngine();
        object a1 = new(), b1 = new(), a2 = new(), b2 = new();
        TestEngine.OnThread(() => { t.Lock(_a, a1, 10); t.Lock(_b, b1, 11); t.Unlock(b1, 12); t.Unlock(a1, 13); });
        TestEngine.OnThread(() => { t.Lock(_b, b2, 20); t.Lock(_a, a2, 21); t.Unlock(a2, 22); t.Unlock(b2, 23); });

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        var closing = report.Contexts[0];
        Assert.Equal("A", closing.Name);
        Assert.Equal(("B", 20, "A", 21), (closing.Start.ClassName, closing.Start.Location!.Line, closing.Wait.ClassName, closing.Wait.Location!.Line));
        // The release of B on this thread has not happened yet when the cycle closes; the class remembers the
        // release seen on the other thread, and says that it is "a site", not "the" site.
        Assert.Equal(("B", 12), (closing.Event.ClassName, closing.Event.Location!.Line));
        Assert.Equal("(a site that fires this event)", closing.Event.Note);
        var other = report.Contexts[1];
        Assert.Equal(("A", 10, "B", 11), (other.Start.ClassName, other.Start.Location!.Line, other.Wait.ClassName, other.Wait.Location!.Line));
        Assert.Equal(13, other.Event.Location!.Line);
    }

    [Fact]
    public void ConsistentOrder_NoReport()
    {
        var t = new TestEngine();
        for (var i = 0; i < 3; i++)
        {
            TestEngine.OnThread(() => { t.Lock(_a, new object()); t.Lock(_b, _lb); t.Unlock(_lb); });
        }

        Assert.Empty(t.Reports);
        Assert.Equal(1, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void ReaderReader_NoDependencyCycle()
    {
        var t = new TestEngine();
        t.Lock(_a, _la, mode: DeptLockMode.Read); t.Lock(_b, _lb, mode: DeptLockMode.Read); t.Unlock(_lb); t.Unlock(_la);
        t.Lock(_b, _lb, mode: DeptLockMode.Read); t.Lock(_a, _la, mode: DeptLockMode.Read); t.Unlock(_la); t.Unlock(_lb);

        Assert.Empty(t.Reports);
    }

    [Fact]
    public void ReaderMutexWriter_ReportsDeadlock()
    {
        // dept.md 1.4 C case 2: read(A); lock(M) gives A.R -> M; lock(M); write(A) gives M -> A.R and M -> A.W.
        var t = new TestEngine();
        var m = new DeptKey("M");
        object lm = new();
        t.Lock(_a, _la, mode: DeptLockMode.Read); t.Lock(m, lm); t.Unlock(lm); t.Unlock(_la);
        t.Lock(m, lm); t.Lock(_a, _la, mode: DeptLockMode.Write); t.Unlock(_la); t.Unlock(lm);

        var report = Assert.Single(t.Reports);
        Assert.Contains(report.Contexts, c => c.Start.ClassName == "A" && c.Start.SubId == 8);
    }

    [Fact]
    public void QueuedReaders_AbbaIsReported()
    {
        // A fair reader can block behind a queued writer, so read/read inversion is a real risk for it.
        var t = new TestEngine();
        t.Lock(_a, _la, mode: DeptLockMode.QueuedRead); t.Lock(_b, _lb, mode: DeptLockMode.QueuedRead); t.Unlock(_lb); t.Unlock(_la);
        t.Lock(_b, _lb, mode: DeptLockMode.QueuedRead); t.Lock(_a, _la, mode: DeptLockMode.QueuedRead); t.Unlock(_la); t.Unlock(_lb);

        Assert.Single(t.Reports);
    }

    [Fact]
    public void TryLockOnly_NoReport()
    {
        var t = new TestEngine();
        t.Lock(_a, _la); t.Lock(_b, _lb, flags: DeptLockFlags.Try); t.Unlock(_lb); t.Unlock(_la);
        t.Lock(_b, _lb); t.Lock(_a, _la, flags: DeptLockFlags.Try); t.Unlock(_la); t.Unlock(_lb);

        Assert.Empty(t.Reports);
        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void ReenteringSameLock_NoReport()
    {
        var t = new TestEngine();
        t.Lock(_a, _la, flags: DeptLockFlags.Reentrant);
        t.Lock(_a, _la, flags: DeptLockFlags.Reentrant);
        t.Unlock(_la);
        t.Lock(_b, _lb); t.Unlock(_lb); // still inside the outer A: A -> B
        t.Unlock(_la);
        t.Lock(_b, _lb); t.Unlock(_lb); // A fully released: no B -> A edge from here

        Assert.Empty(t.Reports);
        Assert.Equal(1, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void NestedSameClassWithSubclass_NoReport()
    {
        var t = new TestEngine();
        object parent = new(), child = new();
        t.Lock(_a, parent, nest: 0); t.Lock(_a, child, nest: 1); t.Unlock(child); t.Unlock(parent);

        Assert.Empty(t.Reports);
    }

    [Fact]
    public void NestedSameClassWithoutSubclass_ReportsAaDeadlock()
    {
        var t = new TestEngine();
        object first = new(), second = new();
        t.Lock(_a, first, 30); t.Lock(_a, second, 31); t.Unlock(second); t.Unlock(first);

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.AADeadlock, report.Kind);
        var c = Assert.Single(report.Contexts);
        Assert.Equal((30, 31), (c.Start.Location!.Line, c.Wait.Location!.Line));
    }

    [Fact]
    public void ThreeContextCycle_ReportsThreeContexts()
    {
        var t = new TestEngine();
        var c = new DeptKey("C");
        object lc = new();
        TestEngine.OnThread(() => { t.Lock(_a, _la); t.Lock(_b, _lb); t.Unlock(_lb); t.Unlock(_la); });
        TestEngine.OnThread(() => { t.Lock(_b, _lb); t.Lock(c, lc); t.Unlock(lc); t.Unlock(_lb); });
        Assert.Empty(t.Reports);
        TestEngine.OnThread(() => { t.Lock(c, lc); t.Lock(_a, _la); t.Unlock(_la); t.Unlock(lc); });

        var report = Assert.Single(t.Reports);
        Assert.Equal(["C", "A", "B"], report.Contexts.Select(x => x.Start.ClassName));
        Assert.Equal(["A", "B", "C"], report.Contexts.Select(x => x.Wait.ClassName));
    }

    [Fact]
    public void SameCycleTwice_OneReport()
    {
        var t = new TestEngine();
        for (var i = 0; i < 3; i++)
        {
            t.Lock(_a, _la); t.Lock(_b, _lb); t.Unlock(_lb); t.Unlock(_la);
            t.Lock(_b, _lb); t.Lock(_a, _la); t.Unlock(_la); t.Unlock(_lb);
        }

        Assert.Single(t.Reports);
    }

    [Fact]
    public void TenDistinctCycles_TenReportsAndTrackingStaysOn()
    {
        var t = new TestEngine();
        for (var i = 0; i < 10; i++)
        {
            var x = new DeptKey($"X{i}");
            var y = new DeptKey($"Y{i}");
            object lx = new(), ly = new();
            t.Lock(x, lx); t.Lock(y, ly); t.Unlock(ly); t.Unlock(lx);
            t.Lock(y, ly); t.Lock(x, lx); t.Unlock(lx); t.Unlock(ly);
        }

        Assert.Equal(10, t.Reports.Count);
        Assert.Equal(10, t.Reports.Select(r => r.Fingerprint).Distinct().Count());
        Assert.False(t.Engine.IsStopped);
    }

    [Fact]
    public void CycleThroughEarlierCycle_IsStillFound()
    {
        // After A <-> B is reported, a new path B -> C -> A closes another cycle that uses the reported edge.
        var t = new TestEngine();
        var c = new DeptKey("C");
        object lc = new();
        t.Lock(_a, _la); t.Lock(_b, _lb); t.Unlock(_lb); t.Unlock(_la);
        t.Lock(_b, _lb); t.Lock(_a, _la); t.Unlock(_la); t.Unlock(_lb);
        t.Lock(_a, _la); t.Lock(c, lc); t.Unlock(lc); t.Unlock(_la);
        t.Lock(c, lc); t.Lock(_b, _lb); t.Unlock(_lb); t.Unlock(lc);

        Assert.Equal(2, t.Reports.Count);
    }
}
