using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Core.Tracking;
using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Dept.Fences;
using DmaBuf.Dept.Locking;
using DmaBuf.Fences;
using DmaBuf.Locking;

namespace Dept.Demos.Tests.Patches;

/// <summary>
/// The patch declarations called as a rewritten call site calls them (Prefix, original, Postfix), against a private
/// engine. The originals are not called: these tests pin what each patch tells Dept.
/// </summary>
public sealed class FencePatchTests
{
    private static readonly DeptSite Site = DeptSite.Create("test", "FencePatchTests", "FencePatchTests.cs", 1);
    private readonly DmaRuntime _runtime = new();

    [Fact]
    public void WaitUnderLock_AndLockInSignallingSection_ReportsDeadlockOnTheFenceClass()
    {
        using var scope = new EngineScope();
        var ring = new KernelMutex("test.ring_lock");
        var fence = TestFences.Create(_runtime);

        // Completion: begin_signalling; lock ring; unlock; signal; end_signalling.
        SignallingBeginPatch.Postfix(Site, ref TestSlot.Current);
        Lock(ring);
        KernelMutexUnlockPatch.Prefix(ring, Site, ref TestSlot.Current);
        FenceSignalPatch.Postfix(fence, FenceSignalResult.Signaled, Site, ref TestSlot.Current);
        SignallingEndPatch.Prefix(Site, ref TestSlot.Current);
        Assert.Empty(scope.Reports);

        // Submit: ring lock held across a fence wait.
        Lock(ring);
        FenceWaitPatch.Prefix(fence, Site, ref TestSlot.Current);
        KernelMutexUnlockPatch.Prefix(ring, Site, ref TestSlot.Current);

        var report = Assert.Single(scope.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        var classes = report.Contexts.SelectMany(c => new[] { c.Start.ClassName, c.Wait.ClassName }).ToHashSet();
        Assert.Equal(["dma_fence_map", "test.ring_lock"], classes.Order());
    }

    [Fact]
    public void TimedFenceWait_IsNotTrackedByDefault()
    {
        using var scope = new EngineScope();
        var ring = new KernelMutex("test.ring_lock");
        Lock(ring);
        FenceWaitTimeoutPatch.Prefix(TestFences.Create(_runtime), TimeSpan.FromSeconds(5), Site);
        KernelMutexUnlockPatch.Prefix(ring, Site, ref TestSlot.Current);
        Assert.Equal(0, scope.Dependencies);

        Lock(ring);
        FenceWaitTimeoutPatch.Prefix(TestFences.Create(_runtime), Timeout.InfiniteTimeSpan, Site);
        KernelMutexUnlockPatch.Prefix(ring, Site, ref TestSlot.Current);
        Assert.Equal(1, scope.Dependencies);
    }

    [Fact]
    public void OnlyTheFirstSignal_IsAnEvent()
    {
        using var scope = new EngineScope();
        var fence = TestFences.Create(_runtime);
        var other = new KernelMutex("test.other");
        TestFences.OnThread(() =>
        {
            FenceWaitPatch.Prefix(fence, Site, ref TestSlot.Current);
            return 0;
        });
        Lock(other);
        KernelMutexUnlockPatch.Prefix(other, Site, ref TestSlot.Current);
        FenceSignalPatch.Postfix(fence, FenceSignalResult.AlreadySignaled, Site, ref TestSlot.Current);
        Assert.Empty(FenceDependencies(scope));
        FenceSignalPatch.Postfix(fence, FenceSignalResult.Signaled, Site, ref TestSlot.Current);
        Assert.Equal(["dma_fence_map -> test.other"], FenceDependencies(scope));
    }

    [Fact]
    public void AWaitOnASignalledFenceWithoutAMap_IsStillAWaitUnderTheLock_AndCreatesNoMap()
    {
        // The common wait: the fence signalled before anyone waited through Dept. The wait needs only its class (no
        // request can be answered any more), so it records the edge from the held lock without a map per fence.
        using var scope = new EngineScope();
        var ring = new KernelMutex("test.ring_lock");
        var fence = TestFences.Create(_runtime);
        Assert.Equal(FenceSignalResult.Signaled, fence.Signal());
        for (var i = 0; i < 3; i++)
        {
            Lock(ring);
            FenceWaitPatch.Prefix(fence, Site, ref TestSlot.Current);
            KernelMutexUnlockPatch.Prefix(ring, Site, ref TestSlot.Current);
        }

        Assert.Contains("test.ring_lock -> dma_fence_map", scope.DependencyNames);
        Assert.Null(fence.DepMapIfCreated);
        Assert.Empty(scope.Reports);
    }

    [Fact]
    public void WithNothingTracking_FenceWaitsAndLocksCreateNothing()
    {
        // "Dept off" in an instrumented build: each patch is a null check; no map is made for a fence, whatever waits on it.
        var previous = DeptRuntime.Current;
        DeptRuntime.Install(null);
        try
        {
            var fence = TestFences.Create(_runtime);
            var ring = new KernelSpinLock("test.off_lock");
            KernelSpinLockLockPatch.Prefix(ring, Site, ref TestSlot.Current);
            KernelSpinLockUnlockPatch.Prefix(ring, Site, ref TestSlot.Current);
            FenceWaitPatch.Prefix(fence, Site, ref TestSlot.Current);
            FenceWaitTimeoutPatch.Prefix(fence, Timeout.InfiniteTimeSpan, Site);
            FenceWaitAnyPatch.Prefix([fence], Timeout.InfiniteTimeSpan, Site);
            Assert.Null(fence.DepMapIfCreated);
        }
        finally
        {
            DeptRuntime.Install(previous);
        }
    }

    // This test assembly is rewritten too, so the harness's own Thread.Join is tracked: when the join is requested
    // before the helper thread's fence wait, the thread's exit legitimately depends on that wait. Only the fence's
    // own dependencies are this test's business.
    private static List<string> FenceDependencies(EngineScope scope) =>
        scope.DependencyNames.Where(d => d.StartsWith("dma_fence_map ->", StringComparison.Ordinal)).ToList();

    [Fact]
    public void WaitInsideSignallingSection_IsAnAADeadlock()
    {
        using var scope = new EngineScope();
        SignallingBeginPatch.Postfix(Site, ref TestSlot.Current);
        FenceWaitAnyPatch.Prefix([TestFences.Create(_runtime), TestFences.Create(_runtime)], Timeout.InfiniteTimeSpan, Site);
        SignallingEndPatch.Prefix(Site, ref TestSlot.Current);
        Assert.Equal(DeptReportKind.AADeadlock, Assert.Single(scope.Reports).Kind);
    }

    [Fact]
    public void FailedTryLock_HoldsNothing()
    {
        using var scope = new EngineScope();
        var mutex = new KernelMutex("test.try");
        KernelMutexTryLockPatch.Postfix(mutex, false, Site);
        MightWaitPatch.Prefix(Site);
        Assert.Equal(0, scope.Dependencies);
        KernelMutexTryLockPatch.Postfix(mutex, true, Site);
        MightWaitPatch.Prefix(Site);
        KernelMutexUnlockPatch.Prefix(mutex, Site, ref TestSlot.Current);
        Assert.Equal(1, scope.Dependencies);
    }

    [Fact]
    public void WaitUnderReclaim_DependsOnTheFenceClass()
    {
        using var scope = new EngineScope();
        MemoryReclaimAcquirePatch.Prefix(Site);
        FenceWaitPatch.Prefix(TestFences.Create(_runtime), Site, ref TestSlot.Current);
        MemoryReclaimReleasePatch.Prefix(Site);
        var spin = new KernelSpinLock("test.spin");
        KernelSpinLockLockPatch.Prefix(spin, Site, ref TestSlot.Current);
        KernelSpinLockLockPatch.Finalizer(spin, null);
        MemoryReclaimAcquirePatch.Prefix(Site);
        MemoryReclaimReleasePatch.Prefix(Site);
        KernelSpinLockUnlockPatch.Prefix(spin, Site, ref TestSlot.Current);
        var deps = scope.Engine.CreateDocument().Dependencies.Select(d => (d.From, d.To)).ToList();
        Assert.Equal(2, deps.Count);
    }

    [Fact]
    public void LockThatThrows_LeavesNothingHeld()
    {
        using var scope = new EngineScope();
        var mutex = new KernelMutex("test.refused");
        KernelMutexLockPatch.Prefix(mutex, Site, ref TestSlot.Current);
        KernelMutexLockPatch.Finalizer(mutex, new LockRecursionException());
        MightWaitPatch.Prefix(Site);
        Assert.Equal(0, scope.Dependencies);
    }

    private static void Lock(KernelMutex mutex)
    {
        KernelMutexLockPatch.Prefix(mutex, Site, ref TestSlot.Current);
        KernelMutexLockPatch.Finalizer(mutex, null);
    }
}
