using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Diagnostics;
using DmaBuf.Fences;

namespace Dept.Demos.Tests.Contracts.Fences;

public sealed class FenceSignalTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly DmaRuntime _runtime;

    public FenceSignalTests() => _runtime = new DmaRuntime(_time);

    [Fact]
    public void ContextAllocate_ReturnsConsecutiveContextsAboveZero()
    {
        var first = FenceContext.Allocate(3);
        var next = FenceContext.Allocate();
        Assert.True(first >= 1);
        Assert.True(next >= first + 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => FenceContext.Allocate(0));
    }

    [Fact]
    public void SecondSignal_ChangesNothingAndSaysSo()
    {
        var fence = TestFences.Create(_runtime);
        Assert.Equal(FenceSignalResult.Signaled, fence.Signal());
        var stamp = fence.Timestamp;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(FenceSignalResult.AlreadySignaled, fence.Signal());
        Assert.Equal(stamp, fence.Timestamp);
        Assert.True(fence.TestSignaledFlag());
        Assert.True((fence.Flags & FenceFlags.Timestamp) != 0);
    }

    [Fact]
    public void SignalTimestamp_RecordsTheCallersTime()
    {
        var fence = TestFences.Create(_runtime);
        var when = new DateTimeOffset(2030, 5, 1, 0, 0, 0, TimeSpan.Zero);
        fence.SignalTimestamp(when);
        Assert.Equal(when, fence.Timestamp);
    }

    [Fact]
    public void TimestampBeforeSignal_WarnsAndReturnsNow()
    {
        var fence = TestFences.Create(_runtime);
        Assert.Equal(_time.GetUtcNow(), fence.Timestamp);
        Assert.Equal(1, _runtime.Warnings.CountOf(DmaWarningCode.TimestampBeforeSignal));
    }

    [Fact]
    public void SetErrorBeforeSignal_IsSeenByWaiters()
    {
        var fence = TestFences.Create(_runtime);
        fence.SetError(FenceErrors.Timeout);
        fence.Signal();
        Assert.Equal(FenceErrors.Timeout, fence.Error);
        Assert.Equal(FenceStatus.Error, fence.GetStatus());
    }

    [Fact]
    public void SetErrorAfterSignal_ThrowsAndWarns()
    {
        var fence = TestFences.Create(_runtime);
        fence.Signal();
        var ex = Assert.Throws<InvalidOperationException>(() => fence.SetError(FenceErrors.Canceled));
        Assert.Contains("already signalled", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, fence.Error);
        Assert.Equal(1, _runtime.Warnings.CountOf(DmaWarningCode.SetErrorAfterSignal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-4096)]
    public void SetError_NotANegativeErrno_Throws(int error) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TestFences.Create(_runtime).SetError(error));

    [Fact]
    public void Names_AfterSignal_ReadDetached()
    {
        var fence = TestFences.Create(_runtime);
        Assert.Equal("test-driver", fence.DriverName);
        Assert.Equal("test-timeline", fence.TimelineName);
        Assert.Equal($"test-driver test-timeline seq 1 unsignalled", fence.Describe());
        fence.Signal();
        Assert.Equal(Fence.DetachedDriverName, fence.DriverName);
        Assert.Equal(Fence.SignaledTimelineName, fence.TimelineName);
        Assert.Equal("detached-driver signaled-timeline seq 1 signalled", fence.Describe());
    }

    [Fact]
    public void IsLater_WrapsOn32BitsUnlessSeqno64()
    {
        Assert.True(Fence.IsLaterSeqno(1, 0xFFFF_FFFF, seqno64: false));
        Assert.False(Fence.IsLaterSeqno(1, 0xFFFF_FFFF, seqno64: true));
        Assert.True(Fence.IsLaterSeqno(0x1_0000_0000, 5, seqno64: true));
        var context = FenceContext.Allocate();
        var ops = new NamedFenceOps("d", "t");
        var early = new Fence(ops, _runtime, context, 0xFFFF_FFFF);
        var late = new Fence(ops, _runtime, context, 0x1_0000_0002);
        Assert.True(late.IsLater(early));
        Assert.Same(late, Fence.Later(early, late));
        late.Signal();
        Assert.Null(Fence.Later(early, late));
    }

    [Fact]
    public void IsLater_DifferentContexts_WarnsAndIsFalse()
    {
        var a = TestFences.Create(_runtime, 2);
        var b = TestFences.Create(_runtime, 1);
        Assert.False(a.IsLater(b));
        Assert.Equal(1, _runtime.Warnings.CountOf(DmaWarningCode.DifferentContexts));
    }

    [Fact]
    public void IsSignaled_FastPathSignalsAsASideEffect()
    {
        var ops = new TestFences.CountingOps();
        var fence = TestFences.Create(_runtime, ops: ops);
        Assert.False(fence.IsSignaled());
        ops.Passed = true;
        Assert.False(fence.TestSignaledFlag());
        Assert.True(fence.IsSignaled());
        Assert.True(fence.TestSignaledFlag());
    }

    [Fact]
    public void EnableSoftwareSignaling_CallsTheDriverOnceAndSignalsIfAlreadyPassed()
    {
        var pending = new TestFences.CountingOps();
        var fence = TestFences.Create(_runtime, ops: pending);
        fence.EnableSoftwareSignaling();
        fence.EnableSoftwareSignaling();
        Assert.Equal(1, pending.EnableCalls);
        Assert.False(fence.TestSignaledFlag());

        var passed = TestFences.Create(_runtime, ops: new TestFences.CountingOps(passed: true));
        passed.EnableSoftwareSignaling();
        Assert.True(passed.TestSignaledFlag());
    }

    [Fact]
    public void SetDeadline_KeepsTheSoonestAndTreatsThePastAsNow()
    {
        var ops = new TestFences.CountingOps();
        var fence = TestFences.Create(_runtime, ops: ops);
        var now = _time.GetUtcNow();
        fence.SetDeadline(now.AddSeconds(10));
        fence.SetDeadline(now.AddSeconds(20));
        Assert.Equal(now.AddSeconds(10), fence.Deadline);
        fence.SetDeadline(now.AddSeconds(-3));
        Assert.Equal(now, fence.Deadline);
        Assert.Equal([now.AddSeconds(10), now], ops.Deadlines);
        fence.Signal();
        fence.SetDeadline(now.AddSeconds(-100));
        Assert.Equal(2, ops.Deadlines.Count);
    }

    [Fact]
    public void Stub_IsSignalledOnContextZero()
    {
        var stub = Fence.CreateSignaledStub(_runtime);
        Assert.Equal(0UL, stub.Context);
        Assert.True(stub.TestSignaledFlag());
        Assert.Equal(_time.GetUtcNow(), stub.Timestamp);
    }
}
