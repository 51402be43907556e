using Dept.Instrumentation.Patches.Tasks;

namespace Dept.Instrumentation.Tests.Patches.Tasks;

/// <summary>Task.Run and TaskFactory.StartNew delegates are wrapped to start a new context and still run.</summary>
[Collection(EngineCollection.Name)]
public sealed class TaskRunPatchesTests
{
    [Fact]
    public async Task RunAction_Wrapped_StillRuns()
    {
        using var dept = new PatchEngine();
        var ran = 0;
        Action action = () => Interlocked.Increment(ref ran);
        var original = action;

        TaskRunPatches.RunAction.Prefix(ref action);
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

        TaskRunPatches.RunFunction.Prefix(ref function);
        TaskRunPatches.RunAsyncFunction.Prefix(ref asyncFunction);
        TaskRunPatches.RunAsync.Prefix(ref asyncAction);

        Assert.Equal(3, await Task.Run(function).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(4, await Task.Run(asyncFunction!).WaitAsync(TimeSpan.FromSeconds(30)));
        await Task.Run(asyncAction!).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void RunBody_TakesTheWaitersLock_TheTasksCompletionIsChargedWithIt()
    {
        // The body's context ends when it returns, before the runtime completes the task: the completion must still
        // be charged with the body's waits (the wrapper fires it at the body's end).
        using var dept = new PatchEngine();
        var account = new object();
        var lockSite = PatchEngine.Site("Monitor.Enter(Orders.Account._sync)");
        var unlockSite = PatchEngine.Site("Monitor.Exit(Orders.Account._sync)");
        using var go = new ManualResetEventSlim();
        Action body = () =>
        {
            go.Wait(TimeSpan.FromSeconds(30));
            Threading.MonitorPatchesTests.Lock(account, lockSite);
            Threading.MonitorPatchesTests.Unlock(account, unlockSite);
        };
        TaskRunPatches.RunAction.Prefix(ref body);
        var task = Task.Run(body);

        Threading.MonitorPatchesTests.Lock(account, lockSite);
        TaskWaitPatches.Wait.Prefix(task, PatchEngine.Site("Task.Wait")); // the request alone: nothing really blocks
        Threading.MonitorPatchesTests.Unlock(account, unlockSite);
        go.Set();

        Assert.True(task.Wait(TimeSpan.FromSeconds(30)));
        dept.WaitForReports(1);
        Assert.True(dept.Reports.Count == 1, dept.Describe());
        Assert.Contains(dept.Edges(), static e => e.EndsWith("-> Orders.Account._sync", StringComparison.Ordinal) && e.StartsWith("Task", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartNewWithState_Wrapped_PassesState()
    {
        using var dept = new PatchEngine();
        object? seen = null;
        Action<object?> action = s => seen = s;
        Func<object?, int> function = static s => (int)s! * 2;

        TaskRunPatches.StartNewState.Prefix(ref action);
        TaskRunPatches.StartNewStateFunction.Prefix(ref function);
        await Task.Factory.StartNew(action, "state").WaitAsync(TimeSpan.FromSeconds(30));
        var doubled = await Task.Factory.StartNew(function, 21).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("state", seen);
        Assert.Equal(42, doubled);
    }
}
