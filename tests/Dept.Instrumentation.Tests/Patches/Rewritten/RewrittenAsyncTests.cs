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

    private async Task<T> Run<T>(string scenario)
    {
        var method = _targets.Load().GetType("Dept.Patches.Targets.AsyncScenarios", throwOnError: true)!.GetMethod(scenario)!;
        return await ((Task<T>)method.Invoke(null, null)!).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
