using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Tests.Tracking;

[Collection(SelfLogCollection.Name)]
public sealed class RuntimeFacadeTests
{
    [Fact]
    public void Facades_WithNoEngine_DoNothing()
    {
        DeptRuntime.Install(null);
        var key = new DeptKey("A");
        var o = new object();
        DeptLdt.Acquire(key, o);
        DeptLdt.Release(o);
        DeptSdt.Wait(new DeptMap(key));
        DeptContext.NewContext();
        using (DeptContext.Suppress())
        {
        }

        Assert.Null(DeptRuntime.Current);
    }

    [Fact]
    public void Facades_WithProcessEngine_RecordThroughIt()
    {
        var t = new TestEngine();
        DeptRuntime.Install(t.Engine);
        try
        {
            var a = new DeptKey("A");
            var b = new DeptKey("B");
            object la = new(), lb = new();
            DeptLdt.Acquire(a, la); DeptLdt.Acquire(b, lb); DeptLdt.Release(lb); DeptLdt.Release(la);
            DeptLdt.Acquire(b, lb); DeptLdt.Acquire(a, la); DeptLdt.Release(la); DeptLdt.Release(lb);
            Assert.Equal(DeptReportKind.Deadlock, Assert.Single(t.Reports).Kind);
        }
        finally
        {
            DeptRuntime.Install(null);
        }
    }

    [Fact]
    public void WorkItem_ItsWaitsAreChargedInsideIt_NotToEventsFiredAfterItEnds()
    {
        // A pool thread: a work item waits for A and fires c inside its scope; after it, the pool's own callback fires d.
        var t = new TestEngine();
        DeptRuntime.Install(t.Engine);
        try
        {
            var c = new DeptMap(new DeptKey("c"));
            var d = new DeptMap(new DeptKey("d"));
            object la = new();
            t.Engine.RequestEvent(c);
            t.Engine.RequestEvent(d);
            using (DeptContext.EnterWorkItem())
            {
                t.Lock(new DeptKey("A"), la); t.Unlock(la);
                t.Engine.Event(c);
            }

            t.Engine.Event(d);

            Assert.Equal(["c -> A"], Edges(t));
        }
        finally
        {
            DeptRuntime.Install(null);
        }
    }

    [Fact]
    public void WorkItem_RunInline_TheEnclosingContextKeepsItsWaits()
    {
        // A task inlined into its waiter: the waiter's wait for A, before the inlined item, still counts toward c.
        var t = new TestEngine();
        DeptRuntime.Install(t.Engine);
        try
        {
            var c = new DeptMap(new DeptKey("c"));
            object la = new(), lb = new();
            t.Engine.RequestEvent(c);
            t.Lock(new DeptKey("A"), la); t.Unlock(la);
            using (DeptContext.EnterWorkItem())
            {
                t.Lock(new DeptKey("B"), lb); t.Unlock(lb);
            }

            t.Engine.Event(c);

            Assert.Equal(["c -> A"], Edges(t));
        }
        finally
        {
            DeptRuntime.Install(null);
        }
    }

    [Fact]
    public void WorkItem_NoEngine_IsANoOp()
    {
        DeptRuntime.Install(null);
        using (DeptContext.EnterWorkItem())
        {
        }

        Assert.Null(DeptRuntime.Current);
    }

    private static List<string> Edges(TestEngine t)
    {
        var document = t.Engine.CreateDocument();
        var names = document.Classes.ToDictionary(static c => c.Id, static c => c.Name);
        return [.. document.Dependencies.Select(d => $"{names[d.From]} -> {names[d.To]}").Order(StringComparer.Ordinal)];
    }
}
