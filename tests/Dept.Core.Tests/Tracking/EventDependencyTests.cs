using Dept.Core.Annotations;
using Dept.Core.Reports;

namespace Dept.Core.Tests.Tracking;

/// <summary>Waits and events with implicit event contexts (DEPT's wait/event unit test and doc example 2).</summary>
public sealed class EventDependencyTests
{
    [Fact]
    public void WaitEventAbba_ReportsDeadlock()
    {
        // DEPT "wait event deadlock test": request(d1) [S]; wait(d2) [W]; event(d1) [E]; then the mirror.
        var t = new TestEngine();
        var d1 = new DeptMap(new DeptKey("d1"));
        var d2 = new DeptMap(new DeptKey("d2"));
        var e = t.Engine;
        e.RequestEvent(d1); e.Wait(d2); e.Event(d1);
        Assert.Empty(t.Reports);
        e.RequestEvent(d2); e.Wait(d1); e.Event(d2);

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
    }

    [Fact]
    public void LockHeldWhileWaitingOnCompletion_CompleterTakesLock_ReportsWithKnownPlaces()
    {
        // dept.md 1.4 B: Y holds A and waits for c; X, the completer, takes A after Y began waiting, then completes c.
        var t = new TestEngine();
        var lockKey = new DeptKey("Orders.Account._sync");
        var completion = new DeptMap(new DeptKey("Orders.Account._done"));
        object lockY = new(), lockX = new();
        using var yWaiting = new ManualResetEventSlim();
        using var xDone = new ManualResetEventSlim();
        var y = new Thread(() =>
        {
            t.Engine.Acquire(lockKey, lockY, TestEngine.Site("Monitor.Enter", 100, "Account.cs"));
            t.Engine.Wait(completion, TestEngine.Site("TaskCompletionSource.Task.Wait", 101, "Account.cs"));
            yWaiting.Set();
            Assert.True(xDone.Wait(TimeSpan.FromSeconds(30)));
            t.Engine.Release(lockY, TestEngine.Site("Monitor.Exit", 102, "Account.cs"));
        }) { Name = "Y" };
        var x = new Thread(() =>
        {
            Assert.True(yWaiting.Wait(TimeSpan.FromSeconds(30)));
            t.Engine.Acquire(lockKey, lockX, TestEngine.Site("Monitor.Enter", 200, "Worker.cs"));
            t.Engine.Release(lockX, TestEngine.Site("Monitor.Exit", 201, "Worker.cs"));
            t.Engine.Event(completion, TestEngine.Site("TaskCompletionSource.SetResult", 202, "Worker.cs"));
            xDone.Set();
        }) { Name = "X" };
        y.Start(); x.Start();
        Assert.True(y.Join(TimeSpan.FromSeconds(30)) && x.Join(TimeSpan.FromSeconds(30)));

        var report = Assert.Single(t.Reports);
        var closing = report.Contexts[0]; // the completion's context, closed at X's event
        Assert.Equal("Orders.Account._done", closing.Start.ClassName);
        Assert.Equal(("TaskCompletionSource.Task.Wait", 101), (closing.Start.Function, closing.Start.Location!.Line));
        Assert.StartsWith("(wait to wake up) requested by Y", closing.Start.Note);
        Assert.Equal(("Monitor.Enter", 200, "Orders.Account._sync"), (closing.Wait.Function, closing.Wait.Location!.Line, closing.Wait.ClassName));
        Assert.Equal(("TaskCompletionSource.SetResult", 202), (closing.Event.Function, closing.Event.Location!.Line));
        var lockContext = report.Contexts[1];
        Assert.Equal((100, 101), (lockContext.Start.Location!.Line, lockContext.Wait.Location!.Line));
        Assert.Equal("Orders.Account._sync", lockContext.Event.ClassName);
    }

    [Fact]
    public void EventBeforeAnyWait_IsIgnored()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("c"));
        var a = new DeptKey("A");
        object la = new();
        t.Lock(a, la); t.Unlock(la);
        t.Engine.Event(map);

        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void WaitsOfAnEarlierContextId_AreNotCharged()
    {
        // A reused thread: the lock was taken by the previous work item, not on the way to the event.
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("c"));
        var a = new DeptKey("A");
        object la = new();
        t.Engine.RequestEvent(map);
        t.Lock(a, la); t.Unlock(la);
        t.Engine.NewContext();
        t.Engine.Event(map);

        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void Body_LockTakenBeforeAnyRequest_IsADependencyOfItsEvent()
    {
        // A worker took A and let it go before anyone joined it: still "the exit cannot happen until A is free".
        var t = new TestEngine();
        var exit = new DeptMap(new DeptKey("Thread@Jobs.cs:12"));
        object la = new();
        t.Engine.BodyEnter(exit, exit.Key, site: null);
        t.Lock(new DeptKey("A"), la); t.Unlock(la);
        t.Engine.RequestEvent(exit);
        t.Engine.Event(exit);
        t.Engine.Release(exit);

        Assert.Equal(["Thread@Jobs.cs:12 -> A"], Edges(t));
    }

    [Fact]
    public void Body_EventWaitedBeforeTheRequest_IsNot_AfterIt_Is()
    {
        // A worker waited for queue items before its owner joined it (no dependency), then for the fence after (one).
        var t = new TestEngine();
        var exit = new DeptMap(new DeptKey("Thread@Jobs.cs:12"));
        t.Engine.BodyEnter(exit, exit.Key, site: null);
        t.Engine.Wait(new DeptMap(new DeptKey("queue")), timeout: false);
        t.Engine.RequestEvent(exit);
        t.Engine.Wait(new DeptMap(new DeptKey("fence")), timeout: false);
        t.Engine.Event(exit);
        t.Engine.Release(exit);

        Assert.Equal(["Thread@Jobs.cs:12 -> fence"], Edges(t));
    }

    [Fact]
    public void Body_WaitingForASiblingOfItsClass_IsNoAA()
    {
        var t = new TestEngine();
        var key = new DeptKey("Thread@Jobs.cs:12");
        var mine = new DeptMap(key);
        t.Engine.BodyEnter(mine, key, site: null);
        t.Engine.Wait(new DeptMap(key), timeout: false);
        t.Engine.Release(mine);

        Assert.Empty(t.Reports);
        Assert.Empty(Edges(t));
    }

    [Fact]
    public void Body_JoinedUnderTheLockItTook_ReportsDeadlock()
    {
        var t = new TestEngine();
        var exit = new DeptMap(new DeptKey("Thread@Jobs.cs:12"));
        var a = new DeptKey("A");
        object la = new(), lb = new();
        TestEngine.OnThread(() =>
        {
            t.Engine.BodyEnter(exit, exit.Key, site: null);
            t.Lock(a, la); t.Unlock(la);
            t.Engine.Release(exit);
        });
        t.Lock(a, lb);
        t.Engine.Wait(exit);
        t.Unlock(lb);

        Assert.Equal(DeptReportKind.Deadlock, Assert.Single(t.Reports).Kind);
    }

    private static List<string> Edges(TestEngine t)
    {
        var document = t.Engine.CreateDocument();
        var names = document.Classes.ToDictionary(static c => c.Id, static c => c.Name);
        return [.. document.Dependencies.Select(d => $"{names[d.From]} -> {names[d.To]}").Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void ExplicitEventContextHeld_EventAddsNothingMore()
    {
        var t = new TestEngine();
        var fence = new DeptMap(new DeptKey("fence"));
        var a = new DeptKey("A");
        object la = new();
        t.Engine.RequestEvent(fence);
        t.Engine.EcxtEnter(fence);
        t.Lock(a, la); t.Unlock(la); // fence -> A through the explicit context
        t.Engine.Event(fence);
        t.Engine.EcxtExit(fence);

        Assert.Equal(1, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void WaitInsideSignallingSection_OfTheFenceItWaitsFor_IsAaDeadlock()
    {
        // A fence wait inside its own signalling path (dma-workload D1 collapsed to one class).
        var t = new TestEngine();
        var fence = new DeptMap(new DeptKey("fence"));
        t.Engine.EcxtEnter(fence);
        t.Engine.Wait(new DeptMap(fence.Key));
        t.Engine.EcxtExit(fence);

        Assert.Equal(DeptReportKind.AADeadlock, Assert.Single(t.Reports).Kind);
    }

    [Fact]
    public void PerCallSiteWaitKey_ClassifiesByWaitSite()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("completion"));
        var site1 = DeptKey.ForCallSite("wait", "/src/A.cs", 1);
        var site2 = DeptKey.ForCallSite("wait", "/src/B.cs", 2);
        var lockKey = new DeptKey("L");
        object l = new();
        t.Lock(lockKey, l); t.Engine.Wait(map, waitKey: site1); t.Unlock(l);
        t.Engine.Event(map);
        t.Lock(lockKey, l); t.Engine.Wait(map, waitKey: site2); t.Unlock(l);

        var names = t.Engine.CreateDocument().Classes.Select(c => c.Name).ToArray();
        Assert.Contains("wait@A.cs:1", names);
        Assert.Contains("wait@B.cs:2", names);
        Assert.Equal(2, t.Engine.GetStats().Dependencies);
    }
}

public sealed class KeyTests
{
    [Fact]
    public void Named_IsInterned_ForObject_IsPerObject_ForCallSite_IsPerLine()
    {
        Assert.Same(DeptKey.Named("K.Same"), DeptKey.Named("K.Same"));
        object a = new(), b = new();
        Assert.Same(DeptKey.ForObject(a), DeptKey.ForObject(a));
        Assert.NotSame(DeptKey.ForObject(a), DeptKey.ForObject(b));
        Assert.Equal("mine", DeptKey.ForObject(new object(), "mine").Name);
        Assert.NotSame(DeptKey.ForCallSite("w", "/x/F.cs", 1), DeptKey.ForCallSite("w", "/x/F.cs", 2));
        Assert.True(DeptKey.ForCallSite("w", "/x/F.cs", 1).IsCallSite);
    }
}

public sealed class ReportPointTests
{
    [Fact]
    public void ReceiverNamedInFunction_IsNotRepeated()
    {
        var t = new TestEngine();
        var a = DeptKey.Named("Orders.Account._sync");
        var b = DeptKey.Named("Orders.Ledger._sync");
        object la = new(), lb = new();
        var enterA = DeptSite.Create("Monitor.Enter", "Orders.Account._sync", "M", "/src/A.cs", 1, -1);
        var enterB = DeptSite.Create("Monitor.Enter", "Orders.Ledger._sync", "M", "/src/A.cs", 2, -1);
        t.Engine.Acquire(a, la, enterA); t.Engine.Acquire(b, lb, enterB); t.Engine.Release(lb); t.Engine.Release(la);
        t.Engine.Acquire(b, lb, enterB); t.Engine.Acquire(a, la, enterA); t.Engine.Release(la); t.Engine.Release(lb);

        var c = Assert.Single(t.Reports).Contexts[0];
        Assert.Equal("Monitor.Enter(Orders.Ledger._sync:0)", Dept.Core.Reports.TextReportRenderer.Label(c.Start));
    }
}
