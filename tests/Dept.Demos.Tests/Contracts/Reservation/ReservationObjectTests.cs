using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Diagnostics;
using DmaBuf.Fences;
using DmaBuf.Reservation;

namespace Dept.Demos.Tests.Contracts.Reservation;

public sealed class ReservationObjectTests
{
    private readonly DmaRuntime _runtime = new(new ManualTimeProvider());

    [Fact]
    public void Usage_IsOrderedAndUsageRwIsTheKernelsSwap()
    {
        Assert.True(DmaResvUsage.Kernel < DmaResvUsage.Write && DmaResvUsage.Write < DmaResvUsage.Read && DmaResvUsage.Read < DmaResvUsage.Bookkeep);
        Assert.Equal(DmaResvUsage.Read, DmaResvUsages.ForAccess(write: true));
        Assert.Equal(DmaResvUsage.Write, DmaResvUsages.ForAccess(write: false));
    }

    [Fact]
    public void AddFence_NeedsTheLockAndAReservedSlot()
    {
        var resv = new ReservationObject(_runtime);
        var fence = TestFences.Create(_runtime);
        Assert.Throws<InvalidOperationException>(() => resv.AddFence(fence, DmaResvUsage.Write));
        resv.Lock();
        Assert.Throws<InvalidOperationException>(() => resv.AddFence(fence, DmaResvUsage.Write));
        resv.ReserveFences(1);
        resv.AddFence(fence, DmaResvUsage.Write);
        resv.Unlock();
        resv.Lock();
        Assert.Throws<InvalidOperationException>(() => resv.AddFence(fence, DmaResvUsage.Read));
        resv.Unlock();
    }

    [Fact]
    public void AddFence_ReplacesTheSameContextsEarlierFence()
    {
        var resv = new ReservationObject(_runtime);
        var context = FenceContext.Allocate();
        var ops = new NamedFenceOps("d", "t");
        resv.Lock();
        resv.ReserveFences(3);
        resv.AddFence(new Fence(ops, _runtime, context, 1), DmaResvUsage.Read);
        resv.AddFence(new Fence(ops, _runtime, context, 2), DmaResvUsage.Write);
        resv.AddFence(TestFences.Create(_runtime), DmaResvUsage.Bookkeep);
        resv.Unlock();
        Assert.Equal(2, resv.Entries.Count);
        Assert.Equal(2UL, Assert.Single(resv.GetFences(DmaResvUsage.Write)).Seqno);
        Assert.Single(resv.GetFences(DmaResvUsage.Read));
        Assert.Equal(2, resv.GetFences(DmaResvUsage.Bookkeep).Count);
        Assert.Equal("\twrite fence: d t seq 2 unsignalled\n", resv.Describe());
    }

    [Fact]
    public void TestSignaledAndWait_OnlyConsiderTheRequestedUsage()
    {
        var resv = new ReservationObject(_runtime);
        var write = TestFences.Create(_runtime);
        var read = TestFences.Create(_runtime);
        resv.Lock();
        resv.ReserveFences(2);
        resv.AddFence(write, DmaResvUsage.Write);
        resv.AddFence(read, DmaResvUsage.Read);
        resv.Unlock();
        write.Signal();
        Assert.True(resv.TestSignaled(DmaResvUsage.Write));
        Assert.False(resv.TestSignaled(DmaResvUsage.Read));
        Assert.True(resv.WaitTimeout(DmaResvUsage.Write, Timeout.InfiniteTimeSpan).IsSignaled);
        Assert.Equal(FenceWaitStatus.TimedOut, resv.WaitTimeout(DmaResvUsage.Read, TimeSpan.Zero).Status);
    }

    [Fact]
    public void UserspaceFencePublished_IsFlaggedAsIndefinite()
    {
        var resv = new ReservationObject(_runtime);
        var future = new FenceTimeline(_runtime, "sw_sync", "user", userspaceControlled: true).CreateFence();
        resv.Lock();
        resv.ReserveFences(1);
        resv.AddFence(future, DmaResvUsage.Write);
        resv.Unlock();
        Assert.Equal(1, _runtime.Warnings.CountOf(DmaWarningCode.IndefiniteFence));
    }

    [Fact]
    public void LockWithoutContextTwice_IsRefusedNotHung()
    {
        var resv = new ReservationObject(_runtime);
        resv.Lock();
        Assert.Throws<LockRecursionException>(() => resv.Lock());
        Assert.False(TestFences.OnThread(resv.TryLock));
        resv.Unlock();
        Assert.True(resv.TryLock());
        resv.Unlock();
    }
}
