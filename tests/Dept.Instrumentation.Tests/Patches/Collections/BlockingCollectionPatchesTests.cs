using System.Collections.Concurrent;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Collections.Concurrent;

namespace Dept.Instrumentation.Tests.Patches.Collections;

/// <summary>BlockingCollection (#10): item and space wait/event pairs; only calls that really block are waits.</summary>
[Collection(EngineCollection.Name)]
public sealed class BlockingCollectionPatchesTests
{
    private static readonly DeptSite s_take = PatchEngine.Site("BlockingCollection.Take(Orders.Jobs._queue)");
    private static readonly DeptSite s_add = PatchEngine.Site("BlockingCollection.Add(Orders.Jobs._queue)");
    private static readonly DeptSite s_new = PatchEngine.Site("BlockingCollection.new");
    private static readonly DeptSite s_localTake = PatchEngine.Site("BlockingCollection.Take");

    [Fact]
    public void TakeWithItems_AddNobodyWaitsFor_NoWaitNoEvent()
    {
        using var dept = new PatchEngine();
        using var queue = new BlockingCollection<int>();

        BlockingCollectionPatches.Add.Prefix(queue, s_add);
        queue.Add(1);
        BlockingCollectionPatches.Take.Prefix(queue, s_take);
        Assert.Equal(1, queue.Take());

        Assert.Equal(0, dept.Waits);
        Assert.Equal(0, dept.Events);
    }

    [Fact]
    public void TakeOnEmpty_IsAWait_AddIsItsEvent()
    {
        using var dept = new PatchEngine();
        using var queue = new BlockingCollection<int>();

        BlockingCollectionPatches.Take.Prefix(queue, s_take); // empty: the take would block
        BlockingCollectionPatches.Add.Prefix(queue, s_add);

        Assert.Equal(1, dept.Waits);
        Assert.Equal(1, dept.Events);
    }

    [Fact]
    public void CompletedEmpty_TakeThrowsAtOnce_NotAWait()
    {
        using var dept = new PatchEngine();
        using var queue = new BlockingCollection<int>();
        queue.CompleteAdding();

        BlockingCollectionPatches.Take.Prefix(queue, s_take);

        Assert.Equal(0, dept.Waits);
    }

    [Fact]
    public void BoundedFull_AddWaitsForSpace_TakeIsItsEvent()
    {
        using var dept = new PatchEngine();
        using var queue = new BlockingCollection<int>(boundedCapacity: 1);
        queue.Add(1);

        BlockingCollectionPatches.Add.Prefix(queue, s_add); // full: waits for space
        BlockingCollectionPatches.Take.Prefix(queue, s_take); // frees space
        var unbounded = new BlockingCollection<int>();
        unbounded.Add(1);
        BlockingCollectionPatches.Add.Prefix(unbounded, s_add); // unbounded: never a wait for space

        Assert.Equal(1, dept.Waits);
        Assert.Equal(1, dept.Events);
    }

    [Fact]
    public void LocalCollection_ClassedByCreationSite()
    {
        using var dept = new PatchEngine();
        var queue = new BlockingCollection<int>();
        BlockingCollectionPatches.New.Postfix(queue, s_new);
        var ledger = new object();
        var lockLedger = PatchEngine.Site("Monitor.Enter(Orders.Ledger._sync)");
        var unlockLedger = PatchEngine.Site("Monitor.Exit(Orders.Ledger._sync)");

        Threading.MonitorPatchesTests.Lock(ledger, lockLedger);
        BlockingCollectionPatches.Take.Prefix(queue, s_localTake);
        Threading.MonitorPatchesTests.Unlock(ledger, unlockLedger);

        Assert.Equal([$"Orders.Ledger._sync -> BlockingCollection.new@BlockingCollectionPatchesTests.cs:{s_new.Line}"], dept.Edges());
    }
}
