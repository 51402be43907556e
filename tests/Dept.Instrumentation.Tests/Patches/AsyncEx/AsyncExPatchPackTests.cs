using Dept.Core.Reports;
using Dept.Instrumentation.Runtime;
using Dept.Instrumentation.Tests.Patches.Rewritten;

namespace Dept.Instrumentation.Tests.Patches.AsyncEx;

/// <summary>The Nito.AsyncEx patch pack on rewritten code (#9): AsyncLock and AsyncReaderWriterLock as flow-owned locks.</summary>
[Collection(EngineCollection.Name)]
public sealed class AsyncExPatchPackTests : IClassFixture<RewrittenTargets>
{
    private const string Store = "Dept.Patches.Targets.AsyncExStore";
    private readonly RewrittenTargets _targets;

    public AsyncExPatchPackTests(RewrittenTargets targets)
    {
        _targets = targets;
        using var loading = new PatchEngine();
        _targets.Load();
    }

    [Fact]
    public async Task AsyncLockAbba_AwaitedAndSync_FoundWithoutBlocking()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, await Run<int>("AsyncExAbba"));

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        Assert.Equal(DeptReportKind.Deadlock, dept.Reports[0].Kind);
        Assert.Equal([$"{Store}._first", $"{Store}._second"], dept.Reports[0].Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
        Assert.Null(PatchFault.First);
    }

    [Fact]
    public async Task OneAsyncLock64ContendingFlows_NoDependencyAtAll()
    {
        using var dept = new PatchEngine();

        Assert.Equal(640, await Run<int>("AsyncExContention"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Empty(dept.Edges());
        Assert.True(dept.EventContexts >= 640, dept.Describe());
    }

    [Fact]
    public void ConsistentChainThroughWaitAndUnwrapException_NoCycle()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, Invoke("AsyncExThroughHelper"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Equal([$"{Store}._first -> {Store}._second"], dept.Edges());
    }

    [Fact]
    public async Task ReaderReaderInversion_IsACycle_TheLockQueuesReadersBehindWriters()
    {
        // Nito's AsyncReaderWriterLock prefers writers: a reader waits behind a waiting writer, so two readers in
        // opposite orders deadlock as soon as a writer waits on each lock (lockdep's non-recursive read rule).
        using var dept = new PatchEngine();

        Assert.Equal(2, await Run<int>("AsyncExReaders"));

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        Assert.Equal([$"{Store}._index.R", $"{Store}._table.R"], dept.Reports[0].Contexts.Select(static c => c.Start.ClassName + ".R").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriterThenReader_MirroredReaderThenWriter_Cycle()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, await Run<int>("AsyncExWriterReader"));

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        Assert.Contains($"{Store}._table -> {Store}._index.R", dept.Edges());
    }

    [Fact]
    public async Task AsyncLockAcrossAwaitedCompletion_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.True(await Run<bool>("AsyncExAcrossAwaitedCompletion"));

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        Assert.Contains(dept.Reports[0].Contexts, static c => c.Start.ClassName == $"{Store}._first");
        Assert.Contains(dept.Reports[0].Contexts, static c => c.Start.ClassName.StartsWith("TaskCompletionSource@AsyncExStore.cs:", StringComparison.Ordinal));
    }

    private object? Invoke(string scenario) =>
        _targets.Load().GetType("Dept.Patches.Targets.AsyncScenarios", throwOnError: true)!.GetMethod(scenario)!.Invoke(null, null);

    private async Task<T> Run<T>(string scenario) => await ((Task<T>)Invoke(scenario)!).WaitAsync(TimeSpan.FromSeconds(60));
}
