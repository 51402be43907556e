using Dept.Demos.Tests.Support;
using DmaBuf.Locking;

namespace Dept.Demos.Tests.Contracts.Locking;

public sealed class IrqWorkTests
{
    [Fact]
    public void Sync_WaitsForItemsQueuedByRunningItems()
    {
        var ran = new List<string>();
        IrqWork.Queue(() =>
        {
            lock (ran)
            {
                ran.Add("outer");
            }

            IrqWork.Queue(() =>
            {
                lock (ran)
                {
                    ran.Add("inner");
                }
            });
        });

        Assert.True(IrqWork.Sync(TestThread<bool>.Patience));
        Assert.Equal(0, IrqWork.Pending);
        lock (ran)
        {
            Assert.Equal(["outer", "inner"], ran);
        }
    }

    [Fact]
    public void Sync_ReportsATimeoutWhileAnItemIsStillRunning()
    {
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        IrqWork.Queue(() =>
        {
            started.Set();
            gate.Wait(TestThread<bool>.Patience);
        });
        Assert.True(started.Wait(TestThread<bool>.Patience));

        // The item is parked on the gate: no timeout can see the queue empty.
        Assert.False(IrqWork.Sync(TimeSpan.FromMilliseconds(20)));
        Assert.True(IrqWork.Pending >= 1);

        gate.Set();
        Assert.True(IrqWork.Sync(TestThread<bool>.Patience));
    }

    [Fact]
    public void Queue_RefusesNull() => Assert.Throws<ArgumentNullException>(() => IrqWork.Queue(null!));
}
