using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Fences;

namespace Dept.Demos.Tests.Contracts.Fences;

public sealed class FenceWaitTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly DmaRuntime _runtime;

    public FenceWaitTests() => _runtime = new DmaRuntime(_time);

    [Fact]
    public void Wait_OnSignalledFence_ReturnsSignaledAtOnce()
    {
        var fence = TestFences.Create(_runtime);
        fence.Signal();
        Assert.Equal(FenceWaitStatus.Signaled, fence.Wait().Status);
        Assert.Equal(FenceWaitStatus.Signaled, fence.WaitTimeout(TimeSpan.Zero).Status);
    }

    [Fact]
    public void WaitTimeoutZero_PollsAnUnsignalledFence()
    {
        var fence = TestFences.Create(_runtime);
        Assert.Equal(FenceWaitStatus.TimedOut, fence.WaitTimeout(TimeSpan.Zero).Status);
    }

    [Fact]
    public void Wait_WokenBySignalFromAnotherThread()
    {
        var fence = TestFences.Create(_runtime);
        var waiter = TestThread<FenceWaitResult>.Start(() => fence.Wait());
        fence.Signal();
        Assert.Equal(FenceWaitStatus.Signaled, waiter.Join().Status);
    }

    [Fact]
    public void WaitTimeout_ElapsesOnTheRuntimeClock()
    {
        var fence = TestFences.Create(_runtime);
        var waiter = TestThread<FenceWaitResult>.Start(() => fence.WaitTimeout(TimeSpan.FromSeconds(2)));
        for (var round = 0; !waiter.IsCompleted && round < 500; round++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            waiter.TryJoin(TimeSpan.FromMilliseconds(20));
        }

        var result = waiter.Join();
        Assert.Equal(FenceWaitStatus.TimedOut, result.Status);
        Assert.Equal(TimeSpan.Zero, result.Remaining);
        Assert.False(fence.TestSignaledFlag());
    }

    [Fact]
    public void Wait_Cancelled_ReturnsInterrupted()
    {
        var fence = TestFences.Create(_runtime);
        using var cts = new CancellationTokenSource();
        var waiter = TestThread<FenceWaitResult>.Start(() => fence.Wait(cts.Token));
        cts.Cancel();
        Assert.Equal(FenceWaitStatus.Interrupted, waiter.Join().Status);
    }

    [Fact]
    public void WaitTimeout_NegativeTimeout_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TestFences.Create(_runtime).WaitTimeout(TimeSpan.FromSeconds(-1)));

    [Fact]
    public void WaitAny_ReturnsTheIndexOfASignalledFence()
    {
        var fences = new[] { TestFences.Create(_runtime), TestFences.Create(_runtime), TestFences.Create(_runtime) };
        Assert.Equal(FenceWaitStatus.TimedOut, Fence.WaitAny(fences, TimeSpan.Zero).Status);
        fences[2].Signal();
        var polled = Fence.WaitAny(fences, TimeSpan.Zero);
        Assert.Equal((FenceWaitStatus.Signaled, 2), (polled.Status, polled.Index));

        var others = new[] { TestFences.Create(_runtime), TestFences.Create(_runtime) };
        var waiter = TestThread<FenceWaitResult>.Start(() => Fence.WaitAny(others, Timeout.InfiniteTimeSpan));
        others[1].Signal();
        var any = waiter.Join();
        Assert.Equal((FenceWaitStatus.Signaled, 1), (any.Status, any.Index));
    }

    [Fact]
    public void WaitAny_NoFences_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Fence.WaitAny([], TimeSpan.Zero));
}
