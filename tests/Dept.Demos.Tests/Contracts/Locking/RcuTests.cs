using DmaBuf.Locking;

namespace Dept.Demos.Tests.Contracts.Locking;

/// <summary>The RCU model: a grace period waits for the readers that started before it, not for later ones.</summary>
public sealed class RcuTests
{
    [Fact]
    public void Synchronize_WaitsForAReaderThatStartedBefore()
    {
        var rcu = new Rcu();
        using var inside = new SemaphoreSlim(0);
        using var leave = new SemaphoreSlim(0);
        var reader = Start(() =>
        {
            using (rcu.ReadLock())
            {
                inside.Release();
                leave.Wait(TimeSpan.FromSeconds(30));
            }
        });
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)));

        var grace = Start(() => rcu.Synchronize());
        Assert.False(grace.Join(0)); // cannot have ended: the reader is still inside (no timing assumed beyond that)
        Assert.Equal(0, rcu.GracePeriods);
        leave.Release();

        Assert.True(grace.Join(TimeSpan.FromSeconds(30)));
        Assert.True(reader.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, rcu.GracePeriods);
    }

    [Fact]
    public void Synchronize_InsideAReadSection_IsRefused()
    {
        var rcu = new Rcu();
        using (rcu.ReadLock())
        {
            Assert.True(Rcu.IsReadLockHeld);
            Assert.Throws<InvalidOperationException>(() => rcu.Synchronize());
        }

        Assert.False(Rcu.IsReadLockHeld);
        rcu.Synchronize();
        Assert.Equal(1, rcu.GracePeriods);
    }

    [Fact]
    public void Synchronize_AReaderThatNeverLeaves_TimesOutWithAClearError()
    {
        var rcu = new Rcu();
        using var inside = new SemaphoreSlim(0);
        using var leave = new SemaphoreSlim(0);
        var reader = Start(() =>
        {
            using (rcu.ReadLock())
            {
                inside.Release();
                leave.Wait(TimeSpan.FromSeconds(30));
            }
        });
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)));

        var ex = Assert.Throws<TimeoutException>(() => rcu.Synchronize(TimeSpan.FromMilliseconds(50)));

        Assert.Contains("1 reader(s) still in their read section", ex.Message, StringComparison.Ordinal);
        leave.Release();
        Assert.True(reader.Join(TimeSpan.FromSeconds(30)));
    }

    private static Thread Start(Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true };
        thread.Start();
        return thread;
    }
}
