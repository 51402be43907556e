using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Diagnostics;
using DmaBuf.Fences;
using DmaBuf.Sync;

namespace Dept.Demos.Tests.Contracts.Fences;

public sealed class FenceContainerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly DmaRuntime _runtime = new(new ManualTimeProvider());

    [Fact]
    public void ArrayOnAll_SignalsAfterTheLastChildWithTheFirstError()
    {
        var children = new[] { TestFences.Create(_runtime), TestFences.Create(_runtime) };
        var array = FenceArray.Create(_runtime, children, FenceContext.Allocate(), 1, signalOnAny: false);
        Assert.Equal("dma_fence_array", array.DriverName);
        array.EnableSoftwareSignaling();
        children[0].SetError(FenceErrors.Canceled);
        children[0].Signal();
        Assert.False(array.TestSignaledFlag());
        children[1].Signal();
        Assert.True(array.Wait(new CancellationTokenSource(Patience).Token).IsSignaled);
        Assert.Equal(FenceErrors.Canceled, array.Error);
    }

    [Fact]
    public void ArrayOnAny_SignalsOnTheFirstChild()
    {
        var children = new[] { TestFences.Create(_runtime), TestFences.Create(_runtime) };
        var array = FenceArray.Create(_runtime, children, FenceContext.Allocate(), 1, signalOnAny: true);
        array.EnableSoftwareSignaling();
        children[1].Signal();
        Assert.True(array.Wait(new CancellationTokenSource(Patience).Token).IsSignaled);
        Assert.False(children[0].TestSignaledFlag());
    }

    [Fact]
    public void ArrayOfSignalledChildren_SignalsWhenEnabled()
    {
        var child = Fence.CreateSignaledStub(_runtime);
        var array = FenceArray.Create(_runtime, [child], FenceContext.Allocate(), 1, signalOnAny: false);
        array.EnableSoftwareSignaling();
        Assert.True(array.TestSignaledFlag());
    }

    [Fact]
    public void ArrayOfContainers_Warns()
    {
        var inner = FenceArray.Create(_runtime, [TestFences.Create(_runtime)], FenceContext.Allocate(), 1, false);
        FenceArray.Create(_runtime, [inner], FenceContext.Allocate(), 1, false);
        Assert.Equal(1, _runtime.Warnings.CountOf(DmaWarningCode.ContainerNested));
    }

    [Fact]
    public void Chain_SignalsOnlyWhenEveryEarlierPointHas()
    {
        var first = TestFences.Create(_runtime);
        var second = TestFences.Create(_runtime);
        var p1 = FenceChain.Create(_runtime, null, first, 1);
        var p2 = FenceChain.Create(_runtime, p1, second, 2);
        Assert.Equal(p1.Context, p2.Context);
        Assert.Equal(1UL, p2.PreviousSeqno);
        p2.EnableSoftwareSignaling();
        second.Signal();
        Assert.False(p2.IsSignaled());
        first.Signal();
        Assert.True(p2.Wait(new CancellationTokenSource(Patience).Token).IsSignaled);
        Assert.True(p1.IsSignaled());
    }

    [Fact]
    public void ChainFindSeqno_FindsThePointOrRefusesAFutureOne()
    {
        var p1 = FenceChain.Create(_runtime, null, TestFences.Create(_runtime), 1);
        var p3 = FenceChain.Create(_runtime, p1, TestFences.Create(_runtime), 3);
        Assert.Same(p3, p3.FindSeqno(0));
        Assert.Same(p1, p3.FindSeqno(1));
        Assert.Same(p3, p3.FindSeqno(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => p3.FindSeqno(4));
    }

    [Fact]
    public void Merge_KeepsTheLaterFencePerContextAndDropsSignalledOnes()
    {
        var context = FenceContext.Allocate();
        var ops = new NamedFenceOps("d", "t");
        var early = new Fence(ops, _runtime, context, 1);
        var late = new Fence(ops, _runtime, context, 2);
        var other = TestFences.Create(_runtime);
        var done = TestFences.Create(_runtime);
        done.Signal();
        var merged = FenceUnwrap.Merge(_runtime, early, late, other, done);
        var array = Assert.IsType<FenceArray>(merged);
        Assert.Equal([late, other], array.Fences.OrderBy(f => f.Context == context ? 0 : 1));
        Assert.Same(late, FenceUnwrap.Merge(_runtime, early, late));
        Assert.True(FenceUnwrap.Merge(_runtime, done).TestSignaledFlag());
    }

    [Fact]
    public void SyncFileInfo_ListsEachFenceWithItsStatus()
    {
        var a = TestFences.Create(_runtime, 4);
        var b = TestFences.Create(_runtime, 9);
        var fileA = SyncFile.Create(a);
        Assert.Equal($"test-driver-test-timeline{a.Context}-4", fileA.Name);
        var merged = SyncFile.Merge("frame", fileA, SyncFile.Create(b));
        b.SetError(FenceErrors.Timeout);
        b.Signal();
        var info = merged.GetInfo();
        Assert.Equal("frame", info.Name);
        Assert.Equal(FenceStatus.Pending, info.Status);
        Assert.Equal(2, info.Fences.Count);
        Assert.Contains(info.Fences, f => f.Status == FenceStatus.Pending && f.DriverName == "test-driver");
        Assert.Contains(info.Fences, f => f.Status == FenceStatus.Error && f.DriverName == Fence.DetachedDriverName && f.Timestamp is not null);
        a.Signal();
        Assert.True(merged.Wait(Patience).IsSignaled);
        Assert.Equal(FenceStatus.Error, merged.GetInfo().Status);
    }

    [Fact]
    public void Timeline_SignalsPointsAsTheValueAdvances()
    {
        var timeline = new FenceTimeline(_runtime, "sw_sync", "tl");
        var one = timeline.CreateFence();
        var two = timeline.CreateFence();
        Assert.Same(one.Lock, two.Lock);
        timeline.Increment();
        Assert.True(one.TestSignaledFlag());
        Assert.False(two.TestSignaledFlag());
        timeline.AdvanceHardware();
        Assert.False(two.TestSignaledFlag());
        Assert.True(two.IsSignaled());
        Assert.Contains(two, timeline.Pending);
    }
}
