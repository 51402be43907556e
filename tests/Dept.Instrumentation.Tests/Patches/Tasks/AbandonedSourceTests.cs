using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Lifetimes;
using Dept.Core.Reports;
using Dept.Instrumentation.Patches.Tasks;

namespace Dept.Instrumentation.Tests.Patches.Tasks;

/// <summary>
/// A TaskCompletionSource dropped while its task is still waited on: blocked (Task.Wait) or awaited. Each test
/// makes the source in a non-inlined helper, so only the task survives it, then forces a collection and a sweep.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class AbandonedSourceTests
{
    private static readonly DeptSite s_created = PatchEngine.Site("new TaskCompletionSource");
    private static readonly DeptSite s_wait = PatchEngine.Site("Task.Wait");

    [Fact]
    public void DroppedAndCollected_WithABlockedWaiter_OneReportNamingCreationAndWaitSite()
    {
        using var dept = new PatchEngine();
        using var release = new CancellationTokenSource();
        using var blocked = new ManualResetEventSlim();
        var task = CreateDroppedSource();
        var waiter = new Thread(() =>
        {
            TaskWaitPatches.Wait.Prefix(task, s_wait);
            blocked.Set();
            try
            {
                task.Wait(release.Token);
            }
            catch (OperationCanceledException)
            {
                // The test ends the wait: the source is gone, nothing else ever will.
            }
        }) { IsBackground = true, Name = "blocked-waiter" };
        waiter.Start();
        Assert.True(blocked.Wait(TimeSpan.FromSeconds(30)));

        DeptSources.CollectAndSweep();
        DeptSources.CollectAndSweep();
        release.Cancel();
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)));

        var report = Assert.Single(dept.Reports);
        Assert.Equal(DeptReportKind.UnreachableEvent, report.Kind);
        Assert.Equal(DeptUnreachableReason.Collected, report.Reason);
        var context = Assert.Single(report.Contexts);
        Assert.Equal("Task.Wait", context.Wait.Function);
        Assert.Equal(s_wait.Line, context.Wait.Location?.Line);
        Assert.Equal("TaskCompletionSource<Int32>.SetResult", context.Event.Function);
        Assert.Equal(s_created.Line, context.Event.Location?.Line);
        Assert.StartsWith("blocked-waiter", context.Thread, StringComparison.Ordinal);
    }

    [Fact]
    public void CompletedBeforeDropped_NothingReported()
    {
        using var dept = new PatchEngine();
        var task = CreateCompletedThenDroppedSource();

        DeptSources.CollectAndSweep();

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Empty(dept.Reports);
    }

    [Fact]
    public void Awaited_NotBlocked_DroppedAndCollected_IsReportedWithTheAwaitingMethod()
    {
        using var dept = new PatchEngine();
        var pending = StartAwaiterOfDroppedSource();

        DeptSources.CollectAndSweep();

        Assert.False(pending.IsCompleted);
        var report = Assert.Single(dept.Reports);
        Assert.Equal(DeptUnreachableReason.Collected, report.Reason);
        var context = Assert.Single(report.Contexts);
        Assert.Contains("await in", context.Wait.Function, StringComparison.Ordinal);
        Assert.Contains(nameof(AwaitForeverAsync), context.Wait.Function, StringComparison.Ordinal);
        Assert.Equal(s_created.Line, context.Event.Location?.Line);
    }

    [Fact]
    public void AMillionShortLivedCompletedSources_NoReport_BoundedRegistry()
    {
        using var dept = new PatchEngine();
        var peak = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            var tcs = new TaskCompletionSource<int>();
            TaskCompletionSourcePatches.CreateOf.Postfix(tcs, s_created);
            tcs.SetResult(i);
            peak = Math.Max(peak, DeptSources.Count);
        }

        DeptSources.CollectAndSweep();

        Assert.Empty(dept.Reports);
        Assert.Equal(1_000_000, dept.Engine.GetStats().TrackedSources);
        Assert.InRange(peak, 1, 8192); // swept when it doubles past the 4,096 floor: never a million entries
        Assert.Equal(0, DeptSources.Count);
    }

    [Fact]
    public void NonGenericSource_DroppedWithWaiter_IsReported()
    {
        using var dept = new PatchEngine();
        var task = CreateDroppedNonGenericSource();
        TaskWaitPatches.Wait.Prefix(task, s_wait); // the request alone: nothing must really block in this test

        DeptSources.CollectAndSweep();

        var report = Assert.Single(dept.Reports);

        Assert.Equal("TaskCompletionSource.SetResult", Assert.Single(report.Contexts).Event.Function);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> CreateDroppedSource()
    {
        var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSourcePatches.CreateOf.Postfix(tcs, s_created);
        return tcs.Task;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task CreateDroppedNonGenericSource()
    {
        var tcs = new TaskCompletionSource();
        TaskCompletionSourcePatches.Create.Postfix(tcs, s_created);
        return tcs.Task;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> CreateCompletedThenDroppedSource()
    {
        var tcs = new TaskCompletionSource<int>();
        TaskCompletionSourcePatches.CreateOf.Postfix(tcs, s_created);
        TaskWaitPatches.Wait.Prefix(tcs.Task, s_wait);
        tcs.SetResult(1);
        return tcs.Task;
    }

    // Only the awaiting method's task escapes: the source and its task are reachable from nothing but each other and
    // the state machine, exactly the island an abandoned await leaves.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task StartAwaiterOfDroppedSource()
    {
        var tcs = new TaskCompletionSource<int>();
        TaskCompletionSourcePatches.CreateOf.Postfix(tcs, s_created);
        return AwaitForeverAsync(tcs.Task);
    }

    private static async Task AwaitForeverAsync(Task<int> task) => await task.ConfigureAwait(false);
}
