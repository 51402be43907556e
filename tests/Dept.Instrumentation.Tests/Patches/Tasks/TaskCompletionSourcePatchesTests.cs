using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Tasks;
using Dept.Instrumentation.Tests.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Tasks;

/// <summary>TaskCompletionSource completions are events; Task.Wait/.Result on a pending task are waits.</summary>
[Collection(EngineCollection.Name)]
public sealed class TaskCompletionSourcePatchesTests
{
    private static readonly DeptSite s_lockA = PatchEngine.Site("Monitor.Enter(Orders.Account._sync)");
    private static readonly DeptSite s_unlockA = PatchEngine.Site("Monitor.Exit(Orders.Account._sync)");
    private static readonly DeptSite s_wait = PatchEngine.Site("Task.Wait");
    private static readonly DeptSite s_set = PatchEngine.Site("TaskCompletionSource.SetResult");

    [Fact]
    public void LockHeldWhileWaitingOnTcs_CompletedUnderSameLockClass_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        object account1 = new(), account2 = new();
        using var waiting = new ManualResetEventSlim();

        // Account 1 holds its lock and blocks on the TCS; account 2 completes it under its own lock (same class).
        var waiter = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(account1, s_lockA);
            TaskWaitPatches.WaitTimeSpan.Prefix(tcs.Task, Timeout.InfiniteTimeSpan, s_wait);
            waiting.Set();
            var done = tcs.Task.Wait(TimeSpan.FromSeconds(30));
            MonitorPatchesTests.Unlock(account1, s_unlockA);
            return done;
        }, TaskCreationOptions.LongRunning);

        Assert.True(waiting.Wait(TimeSpan.FromSeconds(30)));
        MonitorPatchesTests.Lock(account2, s_lockA);
        TaskCompletionSourcePatches.CompleteOf.Prefix(tcs, s_set);
        tcs.SetResult(42);
        MonitorPatchesTests.Unlock(account2, s_unlockA);

        Assert.True(waiter.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(waiter.Result);
        Assert.Equal(42, tcs.Task.Result);
        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Contains(report.Contexts, static c => c.Event.Function == "TaskCompletionSource.SetResult");
    }

    [Fact]
    public void NonGenericTcs_TrySetException_IsTheEvent()
    {
        using var dept = new PatchEngine();
        var tcs = new TaskCompletionSource();
        var account = new object();
        var trySet = PatchEngine.Site("TaskCompletionSource.TrySetException");

        TaskWaitPatches.Wait.Prefix(tcs.Task, s_wait);
        var completer = Task.Factory.StartNew(() =>
        {
            MonitorPatchesTests.Lock(account, s_lockA);
            MonitorPatchesTests.Unlock(account, s_unlockA);
            TaskCompletionSourcePatches.Complete.Prefix(tcs, trySet);
            return tcs.TrySetException(new InvalidOperationException("expected"));
        }, TaskCreationOptions.LongRunning);
        var thrown = Record.Exception(() => tcs.Task.Wait(TimeSpan.FromSeconds(30)));

        Assert.True(completer.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(completer.Result);
        Assert.IsType<InvalidOperationException>(Assert.IsType<AggregateException>(thrown).InnerException);
        Assert.Contains(dept.Edges(), static e => e.StartsWith("Task.Wait@", StringComparison.Ordinal) && e.EndsWith("-> Orders.Account._sync", StringComparison.Ordinal));
    }

    [Fact]
    public void CompletingAnAlreadyCompletedSource_IsNoEvent()
    {
        using var dept = new PatchEngine();
        var tcs = new TaskCompletionSource<string>();
        var cancel = PatchEngine.Site("TaskCompletionSource.TrySetCanceled");
        tcs.SetResult("done");

        TaskCompletionSourcePatches.CompleteOf.Prefix(tcs, cancel);
        var second = tcs.TrySetCanceled();

        Assert.False(second);
        Assert.Equal(0, dept.Events);
    }

    [Fact]
    public void WaitOnCompletedTask_IsNotAWait_ResultToo()
    {
        using var dept = new PatchEngine();
        var task = Task.FromResult(7);

        TaskWaitPatches.Wait.Prefix(task, s_wait);
        task.Wait();
        TaskWaitPatches.Wait.Prefix(task, PatchEngine.Site("Task.get_Result"));

        Assert.Equal(7, task.Result);
        Assert.Equal(0, dept.Waits);
    }

    [Fact]
    public void ResultOnPendingTask_CompletedByAsyncCode_EventFiresWithoutTcsPatch()
    {
        using var dept = new PatchEngine();
        var account = new object();
        var result = PatchEngine.Site("Task.get_Result");
        using var go = new SemaphoreSlim(0);

        // An async method's task: its completion is observed through the completion continuation, in the completer's context.
        var task = Task.Run(async () =>
        {
            await go.WaitAsync(TimeSpan.FromSeconds(30));
            MonitorPatchesTests.Lock(account, s_lockA);
            MonitorPatchesTests.Unlock(account, s_unlockA);
            return 5;
        });
        MonitorPatchesTests.Lock(account, s_lockA);
        TaskWaitPatches.Wait.Prefix(task, result);
        MonitorPatchesTests.Unlock(account, s_unlockA);
        go.Release();

        Assert.True(task.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(5, task.Result);
        dept.WaitForReports(1);
        Assert.True(dept.Reports.Count == 1, dept.Describe());
    }

    [Fact]
    public void WaitAll_PendingTasks_WaitAny_Completed_IsNoWait()
    {
        using var dept = new PatchEngine();
        var pending = new TaskCompletionSource();
        var done = Task.CompletedTask;
        var all = PatchEngine.Site("Task.WaitAll");
        var any = PatchEngine.Site("Task.WaitAny");

        TaskWaitPatches.WaitAny.Prefix([pending.Task, done], any);
        var index = Task.WaitAny([pending.Task, done], TimeSpan.FromSeconds(30));
        TaskWaitPatches.WaitAllMilliseconds.Prefix([pending.Task, done], Timeout.Infinite, all);
        pending.SetResult();
        Task.WaitAll([pending.Task, done], TimeSpan.FromSeconds(30));

        Assert.Equal(1, index);
        Assert.Equal(1, dept.Waits); // WaitAny found a completed task; WaitAll waited on the pending one only
    }

    [Fact]
    public void WaitAllSpanAndCollection_RecordAWaitPerPendingTask_LazySequenceIsNotEnumerated()
    {
        using var dept = new PatchEngine();
        TaskCompletionSource first = new(), second = new();
        var site = PatchEngine.Site("Task.WaitAll");
        var enumerated = 0;
        IEnumerable<Task> Lazy()
        {
            enumerated++;
            yield return first.Task;
        }

        TaskWaitPatches.WaitAllSpan.Prefix([first.Task, second.Task, Task.CompletedTask], site);
        TaskWaitPatches.WaitAllEnumerable.Prefix(new List<Task> { first.Task }, site);
        TaskWaitPatches.WaitAllEnumerable.Prefix(Lazy(), site);
        first.SetResult();
        second.SetResult();
        Task.WaitAll(first.Task, second.Task);

        Assert.Equal(3, dept.Waits);
        Assert.Equal(0, enumerated);
    }
}
