using Dept.Core.Reports;
using Dept.Instrumentation.Patches.CompilerServices;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Patches.Rewritten;

/// <summary>
/// Blocking inside the framework (#10) on really rewritten code: per family, the latent cycle is reported without the
/// program hanging, and the clean twin reports nothing.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class FrameworkBlockingTests : IClassFixture<RewrittenTargets>
{
    private const string Ns = "Dept.Patches.Targets.Framework.";
    private readonly RewrittenTargets _targets;

    public FrameworkBlockingTests(RewrittenTargets targets)
    {
        _targets = targets;
        using var loading = new PatchEngine();
        _targets.Load();
    }

    [Fact]
    public void BlockingCollection_TakeUnderLock_ProducerNeedsLockClass_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(7, _targets.Run("TakeUnderLock"));

        AssertCycle(dept, Ns + "Jobs._sync", Ns + "Jobs._queue");
    }

    [Fact]
    public void BlockingCollection_TakeThenLock_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal(7, _targets.Run("TakeThenLock"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Contains($"{Ns}Jobs._queue -> {Ns}Jobs._sync", dept.Edges()); // the producer's lock delays the item
    }

    [Fact]
    public void BlockingCollection_GetConsumingEnumerableUnderLock_ReportsDeadlock_CompleteAddingEndsIt()
    {
        using var dept = new PatchEngine();

        Assert.Equal(5, _targets.Run("DrainUnderLock"));

        AssertCycle(dept, Ns + "Jobs._sync", Ns + "Jobs._queue");
    }

    [Fact]
    public void Channel_AwaitWriteToFullChannelUnderAsyncLock_ReaderNeedsLockClass_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(true, _targets.Run("WriteUnderGate"));

        AssertCycle(dept, Ns + "Pipeline._gate", Ns + "Pipeline._writer (space)");
    }

    [Fact]
    public void Channel_WriteThenAsyncLock_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal(true, _targets.Run("WriteThenGate"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.DoesNotContain($"{Ns}Pipeline._gate -> {Ns}Pipeline._writer (space)", dept.Edges()); // the await held no async lock
    }

    [Fact]
    public void Lazy_ValueUnderLockItsFactoryTakes_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(84, _targets.Run("LazyUnderLock"));

        AssertCycle(dept, Ns + "Settings.s_store", Ns + "Settings._values");
    }

    [Fact]
    public void Lazy_DoubleChecked_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal(84, _targets.Run("LazyDoubleChecked"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Contains($"{Ns}Settings._values -> {Ns}Settings.s_store", dept.Edges());
    }

    [Fact]
    public void LazyInitializer_EnsureInitializedUnderLockItsFactoryTakes_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(84, _targets.Run("EnsureInitializedUnderLock"));

        // The target field is the first argument, but the cached static lambda's branch hides it from the receiver walk:
        // the class is the call site.
        var site = $"LazyInitializer.EnsureInitialized@Settings.cs:{RewrittenTargets.LineOf("Framework/Settings.cs", "LazyInitializer.EnsureInitialized(")}";
        AssertCycle(dept, Ns + "Settings.s_store", site);
    }

    [Fact]
    public void TypeInit_InitializersReadEachOther_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal("O2P0", _targets.Run("CircularTypeInit"));

        AssertCycle(dept, Ns + "OrderCodes (type initializer)", Ns + "PriceCodes (type initializer)");
    }

    [Fact]
    public void TypeInit_OneWayChain_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal("u10", _targets.Run("ChainedTypeInit"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Contains($"{Ns}Units (type initializer) -> {Ns}Scales (type initializer)", dept.Edges());
    }

    [Fact]
    public void TypeInit_FirstTouchUnderLockWhileInitializerTakesLockClass_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(6, _targets.Run("TypeInitUnderLock"));

        AssertCycle(dept, "Dept.Patches.Targets.Account._sync", Ns + "Catalog (type initializer)");
    }

    [Fact]
    public void SpinLock_OppositeOrders_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(6, _targets.Run("SpinLockInversion"));

        AssertCycle(dept, Ns + "Counter._spin", Ns + "Gauge._spin");
    }

    [Fact]
    public void SpinLock_ConsistentOrder_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, _targets.Run("SpinLockConsistent"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Contains($"{Ns}Counter._spin -> {Ns}Gauge._spin", dept.Edges());
    }

    [Fact]
    public void ParallelFor_CallerHoldsLockBodiesNeed_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(4, _targets.Run("ParallelUnderLock"));

        var loop = $"Parallel.For@Batches.cs:{RewrittenTargets.LineOf("Framework/Batches.cs", "Parallel.For(")}";
        AssertCycle(dept, Ns + "Batch._sync", loop);
    }

    [Fact]
    public void ParallelInvoke_CallerHoldsLockBodiesNeed_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, _targets.Run("ParallelInvokeUnderLock"));

        var loop = $"Parallel.Invoke@Batches.cs:{RewrittenTargets.LineOf("Framework/Batches.cs", "Parallel.Invoke(")}";
        AssertCycle(dept, Ns + "Batch._sync", loop);
    }

    [Fact]
    public void ParallelForEach_OneLockPerBody_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal(4, _targets.Run("ParallelOneLockEach"));

        Assert.True(dept.Reports.Count == 0, dept.Describe());
        var loop = $"Parallel.ForEach@Batches.cs:{RewrittenTargets.LineOf("Framework/Batches.cs", "Parallel.ForEach(")}";
        Assert.Contains($"{loop} -> {Ns}Batch._sync", dept.Edges());
    }

    [Fact]
    public void UnmodelledApi_CountedEachTimeItRuns()
    {
        using var dept = new PatchEngine();
        UninstrumentedCalls.Clear();

        Assert.Equal(3, _targets.Run("SpinUntilThrice"));

        var line = RewrittenTargets.LineOf("Scenarios.Framework.cs", "SpinWait.SpinUntil(");
        var call = Assert.Single(RunOutput.Uninstrumented(), static c => c.Api == "SpinWait.SpinUntil");
        Assert.Equal(3, call.Count);
        Assert.Equal($"Dept.Patches.Targets.Scenarios.SpinUntilThrice (Scenarios.Framework.cs:{line})", call.Location);
        Assert.Equal("the event the condition waits for is unknown", call.Reason);
        UninstrumentedCalls.Clear();
    }

    /// <summary>Exactly one cycle report whose contexts start in <paramref name="classes"/>, found while the run went on.</summary>
    private static void AssertCycle(PatchEngine dept, params string[] classes)
    {
        dept.WaitForReports(1);
        var matching = dept.Reports
            .Where(r => r.Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal).SequenceEqual(classes.Order(StringComparer.Ordinal)))
            .ToList();
        Assert.True(matching.Count == 1, dept.Describe() + " | " + string.Join("; ", dept.Reports.Select(static r => string.Join(",", r.Contexts.Select(static c => c.Start.ClassName)))));
        Assert.Equal(DeptReportKind.Deadlock, matching[0].Kind);
    }
}
