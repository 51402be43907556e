using Dept.Core.Annotations;

namespace Dept.Core.Tests.Tracking;

/// <summary>
/// A wait joins the history only while some request is pending (issue #12): with none, no event window is open, so
/// nothing could ever read the entry. These pin that the windows still see every wait they must.
/// </summary>
public sealed class HistoryWindowTests
{
    [Fact]
    public void WithNoRequestPending_WaitsKeepNoHistory_AndAPendingRequestReopensIt()
    {
        var t = new TestEngine();
        var e = t.Engine;
        var (a, b) = (new DeptKey("Window.A"), new DeptKey("Window.B"));
        var done = new DeptMap(new DeptKey("Window.done"));
        object la = new(), lb = new();
        for (var i = 0; i < 3; i++)
        {
            t.Lock(a, la); t.Lock(b, lb); t.Unlock(lb); t.Unlock(la);
        }

        var context = e.CurrentContext();
        Assert.Equal((0, 0L), (context.HistoryNext, context.HistoryWraps));
        Assert.Equal(1, e.GetStats().Dependencies); // A -> B: the wait rule does not need the history

        TestEngine.OnThread(() => e.RequestEvent(done), "requester");
        Assert.Equal(1, e.PendingRequestCount);
        t.Lock(a, la); t.Unlock(la);                // inside done's window: recorded
        Assert.Equal(1, context.HistoryNext);
        e.Event(done);                              // charges the wait: done -> A
        Assert.Equal(0, e.PendingRequestCount);
        t.Lock(b, lb); t.Unlock(lb);                // the window is closed: nothing recorded
        Assert.Equal(1, context.HistoryNext);

        var names = e.CreateDocument().Dependencies.Select(d => $"{d.Context.Start.ClassName}->{d.Context.Wait.ClassName}").Order();
        Assert.Equal(["Window.A->Window.B", "Window.done->Window.A"], names);
    }

    [Fact]
    public void ARequestAlreadyPendingForItsClass_IsCountedOnce_AndEveryEventTakesItsOwn()
    {
        var t = new TestEngine();
        var e = t.Engine;
        var key = new DeptKey("Window.c");
        var (first, second) = (new DeptMap(key), new DeptMap(key));
        e.RequestEvent(first);
        e.RequestEvent(first);   // the earlier request of the class opens the wider window: not published again
        e.RequestEvent(second);
        Assert.Equal(2, e.PendingRequestCount);
        e.Event(first);
        Assert.Equal(1, e.PendingRequestCount);
        e.Event(first);          // nothing pending on it any more
        Assert.Equal(1, e.PendingRequestCount);
        e.Event(second);
        Assert.Equal(0, e.PendingRequestCount);
    }

    [Fact]
    public void AWaitAfterARequestOnAnotherThread_IsCharged_EvenWhenEarlierWaitsWereNotKept()
    {
        // The DEPT completion shape with the history starting empty: Y holds L and waits for c (the request); X,
        // which took L many times before any request (no history kept), takes L again and completes c: c -> L.
        var t = new TestEngine();
        var e = t.Engine;
        var lockKey = new DeptKey("Window.L");
        var completion = new DeptMap(new DeptKey("Window.completion"));
        object lx = new(), ly = new();
        for (var i = 0; i < 100; i++)
        {
            t.Lock(lockKey, lx); t.Unlock(lx);
        }

        using var requested = new ManualResetEventSlim();
        using var completed = new ManualResetEventSlim();
        var y = new Thread(() =>
        {
            t.Lock(lockKey, ly);
            e.Wait(completion);
            requested.Set();
            completed.Wait(TimeSpan.FromSeconds(30));
            t.Unlock(ly);
        }) { IsBackground = true };
        y.Start();
        Assert.True(requested.Wait(TimeSpan.FromSeconds(30)));
        t.Lock(lockKey, lx); t.Unlock(lx);
        e.Event(completion);
        completed.Set();
        Assert.True(y.Join(TimeSpan.FromSeconds(30)));

        var report = Assert.Single(t.Reports);
        Assert.Contains(report.Contexts, c => c.Start.ClassName == "Window.completion" && c.Wait.ClassName == "Window.L");
        Assert.Equal(0, e.PendingRequestCount);
    }
}
