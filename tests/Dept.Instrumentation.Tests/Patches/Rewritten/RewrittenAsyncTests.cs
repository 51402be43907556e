using Dept.Instrumentation.Tests.Support;
using System.Reflection;
using Dept.Core.Reports;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Patches.Rewritten;

/// <summary>Async flows on really rewritten code (#9): resumption contexts, binary semaphores as async locks.</summary>
[Collection(EngineCollection.Name)]
public sealed class RewrittenAsyncTests : IClassFixture<RewrittenTargets>
{
    private readonly RewrittenTargets _targets;

    public RewrittenAsyncTests(RewrittenTargets targets)
    {
        _targets = targets;
        using var loading = new PatchEngine();
        _targets.Load();
    }

    [Fact]
    public void Rewrite_HooksEveryAsyncStateMachine()
    {
        var type = _targets.Load().GetType("Dept.Patches.Targets.AsyncStore", throwOnError: true)!;
        var machine = type.GetNestedTypes(BindingFlags.NonPublic).First(t => t.Name.Contains("AThenB", StringComparison.Ordinal));
        var moveNext = machine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!;
        Assert.Contains(moveNext.GetMethodBody()!.ExceptionHandlingClauses, c => c.Flags == ExceptionHandlingClauseOptions.Finally);
    }

    [Fact]
    public async Task AsyncLockAbba_FoundFromTheOrderAlone()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, await Run<int>("AsyncLockAbba"));

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        Assert.Equal(
            ["Dept.Patches.Targets.AsyncStore._a", "Dept.Patches.Targets.AsyncStore._b"],
            report.Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
        Assert.All(report.Contexts, c => Assert.Equal("AsyncStore.cs", Path.GetFileName(c.Wait.Location?.File)));
        Assert.Null(PatchFault.First);
    }

    [Fact]
    public async Task AsyncLockUnder64ContendingFlows_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal(640, await Run<int>("AsyncLockContention"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Contains("Dept.Patches.Targets.AsyncStore._a -> Dept.Patches.Targets.AsyncStore._sync", dept.Edges());
        Assert.Null(PatchFault.First);
    }

    [Fact]
    public void ResumptionsOnOneThread_EachIsItsOwnContext()
    {
        using var dept = new PatchEngine();

        Assert.Equal(true, _targets.Load().GetType("Dept.Patches.Targets.AsyncScenarios", throwOnError: true)!.GetMethod("ResumptionsShareAThread")!.Invoke(null, null));

        Assert.True(dept.Events >= 1, dept.Describe());
        Assert.DoesNotContain(dept.Edges(), static e => e.EndsWith("-> Dept.Patches.Targets.AsyncScenarios.s_unrelated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AsyncLockHeldAcrossAwaitedCompletion_CompleterNeedsTheLockClass_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.True(await Run<bool>("AsyncLockAcrossAwaitedCompletion"));

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        var created = RewrittenTargets.LineOf("AsyncAccount.cs", "Pending = new TaskCompletionSource");
        Assert.Equal(
            ["Dept.Patches.Targets.AsyncAccount._gate", $"TaskCompletionSource@AsyncAccount.cs:{created}"],
            report.Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
        var awaitLine = RewrittenTargets.LineOf("AsyncAccount.cs", "await Pending.Task");
        Assert.Contains(report.Contexts, c => c.Wait.Location?.Line == awaitLine);
        Assert.Contains(report.Contexts, c => c.Event.Location?.Line == RewrittenTargets.LineOf("AsyncAccount.cs", "approval.SetResult(true)"));
    }

    [Fact]
    public void ConsistentAsyncLocksWaitedThroughASharedHelper_NoCycle()
    {
        using var dept = new PatchEngine();

        Assert.Equal(200, Invoke("ConsistentAsyncLocksThroughHelper"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Contains("Dept.Patches.Targets.AsyncAccount._audit -> Dept.Patches.Targets.AsyncAccount._gate", dept.Edges());
        Assert.DoesNotContain(dept.Edges(), static e => e.Contains("SyncHelpers", StringComparison.Ordinal) || e.Contains("GetResult@", StringComparison.Ordinal));
    }

    [Fact]
    public void WaitsOnAnAsyncMethodsTask_ClassedByTheMethod()
    {
        using var dept = new PatchEngine();
        var cache = new object();

        // Hold a lock while blocking on the async method's task: the edge names the method, not the wait site.
        Monitor.Enter(cache);
        try
        {
            Dept.Instrumentation.Patches.Threading.MonitorPatches.Acquire(cache, PatchEngine.Site("Monitor.Enter(Tests.Cache._sync)"), ref TestSlot.Current);
            Assert.Equal(100, Invoke("BlockOnAsyncMethod"));
        }
        finally
        {
            Dept.Core.Annotations.DeptLdt.Release(cache);
            Monitor.Exit(cache);
        }

        Assert.Contains(dept.Edges(), static e => e.EndsWith("-> Dept.Patches.Targets.AsyncAccount.ReadAsync (async)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AsyncLockAcquiredInAnAsyncHelper_HandedToTheCaller_AbbaFound()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, await Run<int>("WrappedAbba"));

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        Assert.Equal(
            ["Dept.Patches.Targets.WrappedStore._a", "Dept.Patches.Targets.WrappedStore._b"],
            dept.Reports[0].Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
        Assert.False(dept.Engine.IsSignalClass(Dept.Core.Annotations.DeptKey.Named("Dept.Patches.Targets.WrappedStore._a")));
        Assert.Equal(0, dept.Engine.FlowHeldCount);
    }

    private object? Invoke(string scenario) =>
        _targets.Load().GetType("Dept.Patches.Targets.AsyncScenarios", throwOnError: true)!.GetMethod(scenario)!.Invoke(null, null);

    private async Task<T> Run<T>(string scenario)
    {
        var method = _targets.Load().GetType("Dept.Patches.Targets.AsyncScenarios", throwOnError: true)!.GetMethod(scenario)!;
        return await ((Task<T>)method.Invoke(null, null)!).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
