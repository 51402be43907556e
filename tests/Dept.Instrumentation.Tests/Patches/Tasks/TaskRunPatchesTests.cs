using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Tasks;

namespace Dept.Instrumentation.Tests.Patches.Tasks;

/// <summary>Task.Run and TaskFactory.StartNew delegates are wrapped to start a new context and still run.</summary>
[Collection(EngineCollection.Name)]
public sealed class TaskRunPatchesTests
{
    private static readonly DeptSite s_run = PatchEngine.Site("Task.Run");
    private static readonly DeptSite s_startNew = PatchEngine.Site("TaskFactory.StartNew");
    private static readonly DeptSite s_lock = PatchEngine.Site("Monitor.Enter(Orders.Account._sync)");
    private static readonly DeptSite s_unlock = PatchEngine.Site("Monitor.Exit(Orders.Account._sync)");

    [Fact]
    public async Task RunAction_Wrapped_StillRuns()
    {
        using var dept = new PatchEngine();
        var ran = 0;
        Action action = () => Interlocked.Increment(ref ran);
        var original = action;

        TaskRunPatches.RunAction.Prefix(ref action, s_run);
        await Task.Run(action).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotSame(original, action);
        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task RunFunctionAndAsyncFunction_Wrapped_ReturnResults()
    {
        using var dept = new PatchEngine();
        Func<int> function = static () => 3;
        Func<Task<int>?> asyncFunction = static async () => { await Task.Yield(); return 4; };
        Func<Task?> asyncAction = static () => Task.CompletedTask;

        TaskRunPatches.RunFunction.Prefix(ref function, s_run);
        TaskRunPatches.RunAsyncFunction.Prefix(ref asyncFunction);
        TaskRunPatches.RunAsync.Prefix(ref asyncAction);

        Assert.Equal(3, await Task.Run(function).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(4, await Task.Run(asyncFunction!).WaitAsync(TimeSpan.FromSeconds(30)));
        await Task.Run(asyncAction!).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void RunBody_TakesTheWaitersLockAfterTheWait_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        var account = new object();
        using var go = new ManualResetEventSlim();
        var task = Run(() =>
        {
            go.Wait(TimeSpan.FromSeconds(30));
            Threading.MonitorPatchesTests.Lock(account, s_lock);
            Threading.MonitorPatchesTests.Unlock(account, s_unlock);
        });

        Threading.MonitorPatchesTests.Lock(account, s_lock);
        TaskWaitPatches.Wait.Prefix(task, PatchEngine.Site("Task.Wait")); // the request alone: nothing really blocks
        Threading.MonitorPatchesTests.Unlock(account, s_unlock);
        go.Set();

        Assert.True(task.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(dept.Reports.Count == 1, dept.Describe());
        Assert.Contains($"{RunClass} -> Orders.Account._sync", dept.Edges());
    }

    [Fact]
    public void RunBody_TookTheWaitersLockBeforeTheWait_StillReported()
    {
        // The run that passes: the body got the lock before its waiter took it. Its body is the event context of its
        // completion from its start, so this run's graph is the one of the run that hangs.
        using var dept = new PatchEngine();
        var account = new object();
        using var tookIt = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        var task = Run(() =>
        {
            Threading.MonitorPatchesTests.Lock(account, s_lock);
            Threading.MonitorPatchesTests.Unlock(account, s_unlock);
            tookIt.Set();
            go.Wait(TimeSpan.FromSeconds(30));
        });
        Assert.True(tookIt.Wait(TimeSpan.FromSeconds(30)));

        Threading.MonitorPatchesTests.Lock(account, s_lock);
        TaskWaitPatches.Wait.Prefix(task, PatchEngine.Site("Task.Wait"));
        Threading.MonitorPatchesTests.Unlock(account, s_unlock);
        go.Set();

        Assert.True(task.Wait(TimeSpan.FromSeconds(30)));
        var report = Assert.Single(dept.Reports);
        Assert.Contains(report.Contexts, c => c.Start.ClassName == RunClass && c.Wait.ClassName == "Orders.Account._sync");
        Assert.Contains($"Orders.Account._sync -> {RunClass}", dept.Edges());
    }

    [Fact]
    public void AsyncDelegate_IsAWorkItemOnly_ItsTaskKeepsItsOwnClass()
    {
        // Task.Run(async ...) returns a task that completes with the async method, not when the delegate returns: its
        // first segment is no event context of that task, and the task is not classed by the Task.Run site.
        using var dept = new PatchEngine();
        var account = new object();
        using var go = new SemaphoreSlim(0);
        Func<Task?> body = async () =>
        {
            Threading.MonitorPatchesTests.Lock(account, s_lock);
            Threading.MonitorPatchesTests.Unlock(account, s_unlock);
            await go.WaitAsync(TimeSpan.FromSeconds(30));
        };
        TaskRunPatches.RunAsync.Prefix(ref body);
        var task = Task.Run(body!);

        go.Release();
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(dept.Edges(), static e => e.StartsWith("Task.Run@", StringComparison.Ordinal));
    }

    private static string RunClass => $"Task.Run@{Path.GetFileName(s_run.File)}:{s_run.Line}";

    /// <summary>Starts a task as rewritten code does: the prefix wraps the body (the wrapper classes the task).</summary>
    private static Task Run(Action body)
    {
        TaskRunPatches.RunAction.Prefix(ref body, s_run);
        return Task.Run(body);
    }

    [Fact]
    public async Task StartNewWithState_Wrapped_PassesState()
    {
        using var dept = new PatchEngine();
        object? seen = null;
        Action<object?> action = s => seen = s;
        Func<object?, int> function = static s => (int)s! * 2;

        TaskRunPatches.StartNewState.Prefix(ref action, s_startNew);
        TaskRunPatches.StartNewStateFunction.Prefix(ref function, s_startNew);
        await Task.Factory.StartNew(action, "state").WaitAsync(TimeSpan.FromSeconds(30));
        var doubled = await Task.Factory.StartNew(function, 21).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("state", seen);
        Assert.Equal(42, doubled);
    }
}
