using Dept.Core.Annotations;
using Dept.Core.Reports;

namespace Dept.Core.Tests.Tracking;

/// <summary>Logical flows (#9): async locks held by the flow across awaits and thread hops, signals, nested contexts.</summary>
public sealed class FlowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AsyncLockHeldAcrossHop_WaitOnAnotherThread_IsChargedToTheLock()
    {
        var t = new TestEngine();
        var gate = new DeptKey("Orders.Cache._gate");
        var inner = new DeptKey("Orders.Cache._sync");
        object gateInstance = new(), innerInstance = new();

        async Task Flow(int starter)
        {
            t.Engine.AcquireFlow(gate, gateInstance, TestEngine.Site("SemaphoreSlim.WaitAsync", 10));
            await Task.Yield(); // from a dedicated thread with no synchronization context: resumes on the pool
            Assert.NotEqual(starter, Environment.CurrentManagedThreadId);
            Assert.Equal(1, t.Engine.FlowHeldCount);
            t.Lock(inner, innerInstance, 11);
            t.Unlock(innerInstance, 12);
            Assert.Equal(DeptFlowRelease.Released, t.Engine.ReleaseFlow(gateInstance, TestEngine.Site("SemaphoreSlim.Release", 13)));
        }

        Task? flow = null;
        var thread = new Thread(() => flow = Flow(Environment.CurrentManagedThreadId)) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(Bound));
        await flow!.WaitAsync(Bound);

        Assert.Equal(["Orders.Cache._gate -> Orders.Cache._sync"], Edges(t));
        Assert.Equal(0, t.Engine.FlowHeldCount);
    }

    [Fact]
    public async Task OneAsyncLockUnder64ContendingFlows_NoDependencyNoReport()
    {
        var t = new TestEngine();
        var key = new DeptKey("Orders.Cache._gate");
        using var gate = new SemaphoreSlim(1, 1);
        var flows = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            for (var n = 0; n < 20; n++)
            {
                t.Engine.AcquireFlow(key, gate, TestEngine.Site("SemaphoreSlim.WaitAsync", 20), flags: DeptLockFlags.MaybeSignal);
                await gate.WaitAsync();
                try
                {
                    await Task.Yield();
                }
                finally
                {
                    Assert.Equal(DeptFlowRelease.Released, t.Engine.ReleaseFlow(gate, TestEngine.Site("SemaphoreSlim.Release", 21)));
                    gate.Release();
                }
            }
        }));

        await Task.WhenAll(flows).WaitAsync(Bound);

        Assert.Empty(t.Reports);
        Assert.Empty(Edges(t));
        Assert.False(t.Engine.IsSignalClass(key));
    }

    [Fact]
    public async Task AbbaOfTwoAsyncLocks_FoundFromOrderAlone()
    {
        var t = new TestEngine();
        var a = new DeptKey("A._gate");
        var b = new DeptKey("B._gate");
        object ia = new(), ib = new();

        await Nested(t, a, ia, b, ib).WaitAsync(Bound);
        Assert.Empty(t.Reports);
        await Nested(t, b, ib, a, ia).WaitAsync(Bound);

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
    }

    [Fact]
    public async Task SignalPattern_ReleasedByAnotherFlow_DemotesTheClassAndDropsItsDependencies()
    {
        var t = new TestEngine();
        var signal = new DeptKey("Worker._ready");
        var work = new DeptKey("Worker._sync");
        object ready = new(), sync = new();

        // The consumer "acquires" the semaphore (count 0: it waits for the producer) and takes a lock while it seems
        // to hold it; the producer takes that lock too, then releases the semaphore from its own flow.
        await Task.Run(async () =>
        {
            t.Engine.AcquireFlow(signal, ready, TestEngine.Site("SemaphoreSlim.WaitAsync", 30), flags: DeptLockFlags.MaybeSignal);
            await Task.Yield();
            t.Lock(work, sync, 31);
            t.Unlock(sync, 32);
        }).WaitAsync(Bound);
        await Task.Run(() =>
        {
            t.Lock(work, sync, 33);
            Assert.Equal(DeptFlowRelease.ReleasedForAnotherFlow, t.Engine.ReleaseFlow(ready, TestEngine.Site("SemaphoreSlim.Release", 34)));
            t.Unlock(sync, 35);
        }).WaitAsync(Bound);

        Assert.True(t.Engine.IsSignalClass(signal));
        Assert.Empty(Edges(t));
        Assert.Empty(t.Reports);
    }

    [Fact]
    public async Task MaybeSignal_ReleasedByTheAcquiringFlow_RecordsWhatWasKeptAside()
    {
        var t = new TestEngine();
        var gate = new DeptKey("Cache._gate");
        var sync = new DeptKey("Cache._sync");
        object g = new(), s = new();

        await Task.Run(async () =>
        {
            t.Engine.AcquireFlow(gate, g, TestEngine.Site("SemaphoreSlim.Wait", 40), flags: DeptLockFlags.MaybeSignal);
            await Task.Yield();
            t.Lock(sync, s, 41);
            t.Unlock(s, 42);
            Assert.Empty(Edges(t)); // not yet known to be a lock
            t.Engine.ReleaseFlow(g, TestEngine.Site("SemaphoreSlim.Release", 43));
        }).WaitAsync(Bound);

        Assert.Equal(["Cache._gate -> Cache._sync"], Edges(t));
        Assert.False(t.Engine.IsSignalClass(gate));
    }

    [Fact]
    public async Task AwaitUnderAsyncLock_CompleterNeedsTheLockClass_ReportsDeadlock()
    {
        var t = new TestEngine();
        var gate = new DeptKey("Account._gate");
        var approval = new DeptMap(new DeptKey("TaskCompletionSource@Account.cs:50"));
        object mine = new(), theirs = new();
        using var awaiting = new ManualResetEventSlim();

        var waiter = Task.Run(async () =>
        {
            t.Engine.AcquireFlow(gate, mine, TestEngine.Site("SemaphoreSlim.WaitAsync", 51));
            t.Engine.AwaitFlow(approval, TestEngine.Site("await", 52));
            awaiting.Set();
            await Task.Yield();
            t.Engine.ReleaseFlow(mine);
        });
        Assert.True(awaiting.Wait(Bound));
        await Task.Run(async () =>
        {
            t.Engine.AcquireFlow(gate, theirs, TestEngine.Site("SemaphoreSlim.WaitAsync", 60));
            await Task.Yield();
            t.Engine.ReleaseFlow(theirs);
            t.Engine.Event(approval, TestEngine.Site("TaskCompletionSource.SetResult", 61));
        }).WaitAsync(Bound);
        await waiter.WaitAsync(Bound);

        var report = Assert.Single(t.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
    }

    [Fact]
    public void AwaitHoldingNothing_RecordsNothing()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("done"));

        t.Engine.AwaitFlow(map);
        t.Engine.Event(map);

        Assert.Equal(0, t.Engine.GetStats().Waits);
        Assert.Empty(Edges(t));
    }

    [Fact]
    public async Task NewContext_StartsAFlowHoldingNothing()
    {
        var t = new TestEngine();
        object g = new();
        t.Engine.AcquireFlow(new DeptKey("g"), g);
        var inChild = await Task.Run(() =>
        {
            var inherited = t.Engine.FlowHeldCount;
            t.Engine.NewContext();
            return (inherited, after: t.Engine.FlowHeldCount);
        }).WaitAsync(Bound);
        t.Engine.ReleaseFlow(g);

        Assert.Equal((1, 0), inChild);
    }

    [Fact]
    public void NestedContext_OuterEventStillSeesOuterWaits_NotNestedOnes()
    {
        var t = new TestEngine();
        var done = new DeptMap(new DeptKey("done"));
        var outer = new DeptKey("outer");
        var nested = new DeptKey("nested");
        object o = new(), n = new();
        t.Engine.RequestEvent(done);
        t.Lock(outer, o);
        t.Unlock(o);

        var saved = t.Engine.EnterContext();
        t.Lock(nested, n);
        t.Unlock(n);
        t.Engine.ExitContext(saved);
        t.Engine.Event(done);

        Assert.Equal(["done -> outer"], Edges(t));
    }

    [Fact]
    public async Task ForkedChild_HoldsTheParentsLocksAsOfTheFork_NotLaterOnes()
    {
        var t = new TestEngine();
        var a = new DeptKey("Parent._a");
        var b = new DeptKey("Parent._b");
        var x = new DeptKey("Child._x");
        object ia = new(), ib = new(), ix = new();
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Child()
        {
            await resume.Task; // forked here: the child's flow is the parent's set as of now (A)
            t.Lock(x, ix, 70);
            t.Unlock(ix, 71);
        }

        await Task.Run(async () =>
        {
            t.Engine.AcquireFlow(a, ia, TestEngine.Site("SemaphoreSlim.WaitAsync", 72));
            var child = Child();
            t.Engine.AcquireFlow(b, ib, TestEngine.Site("SemaphoreSlim.WaitAsync", 73)); // after the fork
            resume.SetResult();
            await child;
            Assert.Equal(2, t.Engine.FlowHeldCount);
            t.Engine.ReleaseFlow(ib);
            t.Engine.ReleaseFlow(ia);
        }).WaitAsync(Bound);

        // A -> B is the parent's own acquire of B under A; no B -> X: B was taken after the fork.
        Assert.Equal(["Parent._a -> Child._x", "Parent._a -> Parent._b"], Edges(t));
    }

    [Fact]
    public async Task ConcurrentChildren_AChildsLockIsHeldByNeitherTheParentNorItsSibling()
    {
        var t = new TestEngine();
        var gate = new DeptKey("Parent._gate");
        var mine = new DeptKey("First._lock");
        var x = new DeptKey("Second._x");
        object g = new(), m = new(), ix = new();
        var firstHolds = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task First()
        {
            await Task.Yield();
            t.Engine.AcquireFlow(mine, m, TestEngine.Site("SemaphoreSlim.WaitAsync", 80));
            firstHolds.SetResult();
            await secondDone.Task;
            t.Engine.ReleaseFlow(m);
        }

        async Task Second()
        {
            await firstHolds.Task;
            t.Lock(x, ix, 81); // the sibling holds First._lock now: not this flow's wait
            t.Unlock(ix, 82);
            secondDone.SetResult();
        }

        await Task.Run(async () =>
        {
            t.Engine.AcquireFlow(gate, g, TestEngine.Site("SemaphoreSlim.WaitAsync", 83));
            await Task.WhenAll(First(), Second());
            Assert.Equal(1, t.Engine.FlowHeldCount);
            t.Engine.ReleaseFlow(g);
        }).WaitAsync(Bound);

        // Both children wait inside the parent's gate (it awaits them holding it); no First._lock -> Second._x.
        Assert.Equal(["Parent._gate -> First._lock", "Parent._gate -> Second._x"], Edges(t));
        Assert.Empty(t.Reports);
    }

    [Fact]
    public async Task ChildReleasesTheInheritedLock_ItEndsForTheParentToo()
    {
        var t = new TestEngine();
        var gate = new DeptKey("Parent._gate");
        var x = new DeptKey("Parent._x");
        object g = new(), ix = new();

        async Task ReleaseInChild()
        {
            await Task.Yield();
            Assert.Equal(DeptFlowRelease.Released, t.Engine.ReleaseFlow(g, TestEngine.Site("SemaphoreSlim.Release", 90)));
        }

        await Task.Run(async () =>
        {
            t.Engine.AcquireFlow(gate, g, TestEngine.Site("SemaphoreSlim.WaitAsync", 91));
            await ReleaseInChild();
            Assert.Equal(0, t.Engine.FlowHeldCount);
            Assert.False(t.Engine.FlowHoldsLocks);
            t.Lock(x, ix, 92);
            t.Unlock(ix, 93);
        }).WaitAsync(Bound);

        Assert.Empty(Edges(t));
    }

    [Fact]
    public async Task HandOverHandLocking_TheChainKeepsNoReleasedNodes()
    {
        var t = new TestEngine();
        var key = new DeptKey("List.Node._gate");
        var nodes = Enumerable.Range(0, 1000).Select(static _ => new object()).ToArray();

        var lengths = await Task.Run(async () =>
        {
            var longest = 0;
            t.Engine.AcquireFlow(key, nodes[0], TestEngine.Site("SemaphoreSlim.WaitAsync", 110));
            for (var i = 1; i < nodes.Length; i++)
            {
                // Take the next node's lock, then let go of the previous one: out of order, every step.
                t.Engine.AcquireFlow(key, nodes[i], TestEngine.Site("SemaphoreSlim.WaitAsync", 110), nest: i % 2);
                await Task.Yield();
                Assert.Equal(DeptFlowRelease.Released, t.Engine.ReleaseFlow(nodes[i - 1]));
                longest = Math.Max(longest, t.Engine.FlowChainLength);
            }

            var held = t.Engine.FlowHeldCount;
            t.Engine.ReleaseFlow(nodes[^1]);
            return (longest, held);
        }).WaitAsync(Bound);

        Assert.Equal(1, lengths.held);
        Assert.InRange(lengths.longest, 1, 3);
        Assert.Empty(t.Reports);
    }

    [Fact]
    public void Release_DoesNotCopyTheExecutionContext_AcquireDoesOnce()
    {
        var t = new TestEngine();
        var gate = new DeptKey("Cache._gate");
        object g = new();

        // Run in a context of its own so the test thread's context is left as it was.
        ExecutionContext.Run(ExecutionContext.Capture()!, _ =>
        {
            var before = ExecutionContext.Capture();
            t.Engine.AcquireFlow(gate, g, TestEngine.Site("SemaphoreSlim.WaitAsync", 100));
            var held = ExecutionContext.Capture();
            Assert.NotSame(before, held);
            Assert.Equal(DeptFlowRelease.Released, t.Engine.ReleaseFlow(g, TestEngine.Site("SemaphoreSlim.Release", 101)));
            Assert.Same(held, ExecutionContext.Capture());
            Assert.Equal(0, t.Engine.FlowHeldCount);
            Assert.False(t.Engine.FlowHoldsLocks);
        }, null);
    }

    private static async Task Nested(TestEngine t, DeptKey first, object a, DeptKey second, object b)
    {
        await Task.Run(async () =>
        {
            t.Engine.AcquireFlow(first, a, TestEngine.Site("SemaphoreSlim.WaitAsync", 1));
            await Task.Yield();
            t.Engine.AcquireFlow(second, b, TestEngine.Site("SemaphoreSlim.WaitAsync", 2));
            await Task.Yield();
            t.Engine.ReleaseFlow(b);
            t.Engine.ReleaseFlow(a);
        });
    }

    private static string[] Edges(TestEngine t)
    {
        var document = t.Engine.CreateDocument();
        var names = document.Classes.ToDictionary(static c => c.Id, static c => c.Name);
        return [.. document.Dependencies.Select(d => $"{names[d.From]} -> {names[d.To]}").Order(StringComparer.Ordinal)];
    }
}
