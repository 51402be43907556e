using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>Thread.Join is a wait for the thread's exit; a thread body and pool work items start new contexts.</summary>
[Collection(EngineCollection.Name)]
public sealed class ThreadPatchesTests
{
    private static readonly DeptSite s_lock = PatchEngine.Site("Monitor.Enter(Orders.Cache._sync)");
    private static readonly DeptSite s_unlock = PatchEngine.Site("Monitor.Exit(Orders.Cache._sync)");
    private static readonly DeptSite s_join = PatchEngine.Site("Thread.Join");
    private static readonly DeptSite s_create = PatchEngine.Site("Thread");

    [Fact]
    public void JoinUnderLock_ThreadTakesLock_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        var cache = new object();
        using var joining = new ManualResetEventSlim();
        ThreadStart body = () =>
        {
            joining.Wait(TimeSpan.FromSeconds(30));
            MonitorPatchesTests.Lock(cache, s_lock);
            MonitorPatchesTests.Unlock(cache, s_unlock);
        };
        var thread = Create(body);
        thread.Start();

        MonitorPatchesTests.Lock(cache, s_lock);
        ThreadPatches.JoinTimeSpan.Prefix(thread, Timeout.InfiniteTimeSpan, s_join);
        MonitorPatchesTests.Unlock(cache, s_unlock); // the thread must get the lock: the test never hangs
        joining.Set();
        var joined = thread.Join(TimeSpan.FromSeconds(30));

        Assert.True(joined);
        Assert.True(dept.Reports.Count == 1, dept.Describe());
    }

    [Fact]
    public void JoinUnderLock_ThreadTookTheLockBeforeTheJoin_StillReported()
    {
        // The run that passes: the thread took the lock first, so the join did not hang. The thread's body is the event
        // context of its exit from its start, so the graph is the one of the run that hangs.
        using var dept = new PatchEngine();
        var cache = new object();
        using var tookIt = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        var thread = Create(() =>
        {
            MonitorPatchesTests.Lock(cache, s_lock);
            MonitorPatchesTests.Unlock(cache, s_unlock);
            tookIt.Set();
            go.Wait(TimeSpan.FromSeconds(30));
        });
        thread.Start();
        Assert.True(tookIt.Wait(TimeSpan.FromSeconds(30)));

        MonitorPatchesTests.Lock(cache, s_lock);
        ThreadPatches.JoinTimeSpan.Prefix(thread, Timeout.InfiniteTimeSpan, s_join);
        MonitorPatchesTests.Unlock(cache, s_unlock);
        go.Set();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));

        var report = Assert.Single(dept.Reports);
        var exitClass = $"Thread@{Path.GetFileName(s_create.File)}:{s_create.Line}";
        Assert.Contains(report.Contexts, c => c.Start.ClassName == exitClass && c.Wait.ClassName == "Orders.Cache._sync");
        Assert.Contains($"{exitClass} -> Orders.Cache._sync", dept.Edges());
        Assert.Contains($"Orders.Cache._sync -> {exitClass}", dept.Edges());
    }

    [Fact]
    public void ThreadJoinsASiblingCreatedAtItsOwnSite_NoReport()
    {
        // Fork/join trees create threads at one site: one joining another of its class is no AA (the body's context nests).
        using var dept = new PatchEngine();
        using var release = new ManualResetEventSlim();
        using var joining = new ManualResetEventSlim();
        var inner = Create(() => release.Wait(TimeSpan.FromSeconds(30)));
        inner.Start();
        var outer = Create(() =>
        {
            ThreadPatches.Join.Prefix(inner, s_join);
            joining.Set();
            inner.Join();
        });
        outer.Start();
        Assert.True(joining.Wait(TimeSpan.FromSeconds(30)));
        release.Set();

        Assert.True(outer.Join(TimeSpan.FromSeconds(30)));
        Assert.True(dept.Waits >= 1, "the sibling's join was not recorded");
        Assert.True(dept.Reports.Count == 0, dept.Describe());
    }

    [Fact]
    public void Join_FinishedThread_IsNotAWait()
    {
        using var dept = new PatchEngine();
        ParameterizedThreadStart body = static _ => { };
        ThreadPatches.CreateParameterized.Prefix(ref body, s_create);
        var thread = new Thread(body);
        ThreadPatches.CreateParameterized.Postfix(thread, s_create);
        thread.Start(null);
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));

        ThreadPatches.Join.Prefix(thread, s_join);
        thread.Join();

        Assert.Equal(0, dept.Waits);
    }

    [Fact]
    public void ThreadStart_NoEngine_IsNotWrapped()
    {
        ThreadStart body = static () => { };
        var original = body;

        ThreadPatches.Create.Prefix(ref body, s_create);

        Assert.Same(original, body);
    }

    [Fact]
    public void PoolWorkItem_StartsANewContext_EarlierWaitsAreNotCharged()
    {
        using var dept = new PatchEngine();
        var cache = new object();
        using var gate = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var (waiter, set) = RequestGate(gate);

        // One work item takes the lock; the next one on a pool thread sets the event. Without the context
        // boundary the second item's event would be charged with the first item's lock wait.
        WaitCallback first = _ => { MonitorPatchesTests.Lock(cache, s_lock); MonitorPatchesTests.Unlock(cache, s_unlock); };
        WaitCallback second = _ => { ManualResetEventSlimPatches.Set.Prefix(gate, set); gate.Set(); done.Set(); };
        ThreadPoolPatches.QueueUserWorkItem.Prefix(ref first);
        ThreadPoolPatches.QueueUserWorkItem.Prefix(ref second);
        RunInline(first);
        RunInline(second);

        Assert.True(done.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(dept.Edges(), static e => e.StartsWith("ManualResetEventSlim.Wait@", StringComparison.Ordinal));
    }

    [Fact]
    public void PoolWorkItem_EndsItsContext_AnEventThePoolFiresLaterOnTheThreadIsNotCharged()
    {
        // The finding behind this test: a Task.Run body waited for a SemaphoreSlim, and the pool thread then ran the
        // timer callback that completed an unrelated Task.Delay: the delay's completion was charged with the body's wait.
        using var dept = new PatchEngine();
        var cache = new object();
        using var gate = new ManualResetEventSlim();
        var (waiter, set) = RequestGate(gate);

        WaitCallback item = _ => { MonitorPatchesTests.Lock(cache, s_lock); MonitorPatchesTests.Unlock(cache, s_unlock); };
        ThreadPoolPatches.QueueUserWorkItem.Prefix(ref item);
        OnOwnThread(() =>
        {
            RunInline(item);
            ManualResetEventSlimPatches.Set.Prefix(gate, set); // not a work item: the pool's own callback
            gate.Set();
        });

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(dept.Events > 0, "the gate's event was not fired");
        Assert.DoesNotContain(dept.Edges(), static e => e.StartsWith("ManualResetEventSlim.Wait@", StringComparison.Ordinal));
    }

    [Fact]
    public void WorkItemRunInline_TheEnclosingContextGoesOnWithItsWaits()
    {
        // A task inlined into its waiter runs on the waiter's thread: afterwards the waiter's context must be the one
        // it was in, so an event it fires is still charged with its own earlier waits.
        using var dept = new PatchEngine();
        var cache = new object();
        using var gate = new ManualResetEventSlim();
        var (waiter, set) = RequestGate(gate);

        WaitCallback inlined = static _ => { };
        ThreadPoolPatches.QueueUserWorkItem.Prefix(ref inlined);
        OnOwnThread(() =>
        {
            MonitorPatchesTests.Lock(cache, s_lock);
            MonitorPatchesTests.Unlock(cache, s_unlock);
            RunInline(inlined);
            ManualResetEventSlimPatches.Set.Prefix(gate, set);
            gate.Set();
        });

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.Contains(dept.Edges(), static e => e.StartsWith("ManualResetEventSlim.Wait@", StringComparison.Ordinal) && e.EndsWith("-> Orders.Cache._sync", StringComparison.Ordinal));
    }

    [Fact]
    public void TimerCallback_IsWrapped_AndStillRuns()
    {
        using var dept = new PatchEngine();
        using var ticked = new ManualResetEventSlim();
        TimerCallback callback = _ => ticked.Set();
        var original = callback;

        ThreadPoolPatches.CreateTimer.Prefix(ref callback);
        using var timer = new Timer(callback, null, 0, Timeout.Infinite);

        Assert.NotSame(original, callback);
        Assert.True(ticked.Wait(TimeSpan.FromSeconds(30)));
    }

    /// <summary>A thread created as rewritten code creates one: the constructor's prefix and postfix at one site.</summary>
    private static Thread Create(ThreadStart body)
    {
        ThreadPatches.Create.Prefix(ref body, s_create);
        var thread = new Thread(body);
        ThreadPatches.Create.Postfix(thread, s_create);
        return thread;
    }

    /// <summary>A long-running waiter that has requested <paramref name="gate"/>'s event (and blocks on it); the set site.</summary>
    private static (Task<bool> Waiter, DeptSite Set) RequestGate(ManualResetEventSlim gate)
    {
        var wait = PatchEngine.Site("ManualResetEventSlim.Wait");
        using var waiting = new ManualResetEventSlim();
        var waiter = Task.Factory.StartNew(() =>
        {
            ManualResetEventSlimPatches.Wait.Prefix(gate, wait);
            waiting.Set();
            return gate.Wait(TimeSpan.FromSeconds(30));
        }, TaskCreationOptions.LongRunning);
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        return (waiter, PatchEngine.Site("ManualResetEventSlim.Set"));
    }

    /// <summary>Runs <paramref name="body"/> on a plain thread of its own (no work item, nothing wrapped), to its end.</summary>
    private static void OnOwnThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.Null(failure);
    }

    /// <summary>Runs two work items on the same thread in order, as a pool thread would.</summary>
    private static void RunInline(WaitCallback item) => item(null);
}
