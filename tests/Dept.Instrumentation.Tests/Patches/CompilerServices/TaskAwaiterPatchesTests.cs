using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.CompilerServices;
using Dept.Instrumentation.Tests.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.CompilerServices;

/// <summary>GetAwaiter().GetResult() is a wait only on a pending task; await's own GetResult (completed) is not.</summary>
[Collection(EngineCollection.Name)]
public sealed class TaskAwaiterPatchesTests
{
    private static readonly DeptSite s_lock = PatchEngine.Site("Monitor.Enter(Orders.Account._sync)");
    private static readonly DeptSite s_unlock = PatchEngine.Site("Monitor.Exit(Orders.Account._sync)");
    private static readonly DeptSite s_getResult = PatchEngine.Site("TaskAwaiter.GetResult");

    [Fact]
    public void GetResult_CompletedTask_AsAwaitDoes_IsNotAWait()
    {
        using var dept = new PatchEngine();
        var awaiter = Task.FromResult(1).GetAwaiter();
        var plain = Task.CompletedTask.GetAwaiter();
        var configured = Task.CompletedTask.ConfigureAwait(false).GetAwaiter();
        var configuredOf = Task.FromResult(2).ConfigureAwait(false).GetAwaiter();

        TaskAwaiterPatches.GetResultOf.Prefix(ref awaiter, s_getResult);
        TaskAwaiterPatches.GetResult.Prefix(ref plain, s_getResult);
        TaskAwaiterPatches.ConfiguredGetResult.Prefix(ref configured, s_getResult);
        TaskAwaiterPatches.ConfiguredGetResultOf.Prefix(ref configuredOf, s_getResult);

        Assert.Equal(1, awaiter.GetResult());
        Assert.Equal(2, configuredOf.GetResult());
        Assert.Equal(0, dept.Waits);
    }

    [Fact]
    public void SyncOverAsyncUnderLock_ContinuationNeedsThatLock_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        var account = new object();
        using var go = new SemaphoreSlim(0);
        var task = Continuation(account, go);
        var awaiter = task.GetAwaiter();

        MonitorPatchesTests.Lock(account, s_lock);
        TaskAwaiterPatches.GetResultOf.Prefix(ref awaiter, s_getResult);
        MonitorPatchesTests.Unlock(account, s_unlock); // the continuation must get the lock: the test never hangs
        go.Release();
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)));

        Assert.Equal(9, awaiter.GetResult());
        dept.WaitForReports(1);
        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        // The wait is classed by its source, the async method (#9), not by the GetResult call site.
        Assert.Contains(report.Contexts, static c => c.Wait.ClassName == "Dept.Instrumentation.Tests.Patches.CompilerServices.TaskAwaiterPatchesTests.Continuation (async)");
    }

    [Fact]
    public void ConfiguredAwaiters_PendingTask_ReadTheTaskFromTheStruct()
    {
        using var dept = new PatchEngine();
        var pending = new TaskCompletionSource<int>();
        var plainPending = new TaskCompletionSource();
        var configuredOf = pending.Task.ConfigureAwait(false).GetAwaiter();
        var configured = plainPending.Task.ConfigureAwait(false).GetAwaiter();
        var plain = ((Task)plainPending.Task).GetAwaiter();

        TaskAwaiterPatches.ConfiguredGetResultOf.Prefix(ref configuredOf, s_getResult);
        TaskAwaiterPatches.ConfiguredGetResult.Prefix(ref configured, s_getResult);
        TaskAwaiterPatches.GetResult.Prefix(ref plain, s_getResult);
        pending.SetResult(3);
        plainPending.SetResult();

        Assert.Equal(3, configuredOf.GetResult());
        Assert.Equal(3, dept.Waits);
        Assert.Null(Dept.Instrumentation.Runtime.PatchFault.First);
    }

    private static async Task<int> Continuation(object account, SemaphoreSlim go)
    {
        await go.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        MonitorPatchesTests.Lock(account, s_lock);
        MonitorPatchesTests.Unlock(account, s_unlock);
        return 9;
    }
}
