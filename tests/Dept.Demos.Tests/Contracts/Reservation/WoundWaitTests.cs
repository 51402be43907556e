using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Diagnostics;
using DmaBuf.Reservation;

namespace Dept.Demos.Tests.Contracts.Reservation;

public sealed class WoundWaitTests
{
    private readonly DmaRuntime _runtime = new(new ManualTimeProvider());

    [Fact]
    public void YoungerContext_OnAnOlderHoldersLock_GetsDeadlock()
    {
        var resv = new ReservationObject(_runtime);
        using var older = new WwAcquireContext(_runtime);
        using var younger = new WwAcquireContext(_runtime);
        Assert.True(older.Stamp < younger.Stamp);
        Assert.Equal(WwLockResult.Acquired, resv.Lock(older));
        Assert.Equal(WwLockResult.AlreadyHeld, resv.Lock(older));
        Assert.Same(older, resv.LockingContext);
        Assert.Equal(WwLockResult.Deadlock, TestFences.OnThread(() => resv.Lock(younger)));
        resv.Unlock();
    }

    [Fact]
    public void OlderContext_WaitsForAYoungerHolder()
    {
        var resv = new ReservationObject(_runtime);
        using var older = new WwAcquireContext(_runtime);
        using var younger = new WwAcquireContext(_runtime);
        using var holderReady = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = TestThread<bool>.Start(() =>
        {
            resv.Lock(younger);
            holderReady.Set();
            release.Wait(TestThread<bool>.Patience);
            resv.Unlock();
            return true;
        });
        Assert.True(holderReady.Wait(TestThread<bool>.Patience));
        var waiter = TestThread<WwLockResult>.Start(() =>
        {
            var result = resv.Lock(older);
            resv.Unlock();
            return result;
        });
        Assert.False(waiter.TryJoin(TimeSpan.FromMilliseconds(50)), "The older context did not wait for the younger holder.");
        release.Set();
        Assert.Equal(WwLockResult.Acquired, waiter.Join());
        Assert.True(holder.Join());
    }

    [Fact]
    public void LockSlow_WithLocksStillHeld_Throws()
    {
        var a = new ReservationObject(_runtime);
        var b = new ReservationObject(_runtime);
        using var context = new WwAcquireContext(_runtime);
        a.Lock(context);
        Assert.Throws<InvalidOperationException>(() => b.LockSlow(context));
        a.Unlock();
        b.LockSlow(context);
        Assert.Equal(1, context.AcquiredCount);
        b.Unlock();
    }

    [Fact]
    public void KeepLockingAfterDeadlockWithoutBackingOff_IsWarned()
    {
        var a = new ReservationObject(_runtime);
        var b = new ReservationObject(_runtime);
        var c = new ReservationObject(_runtime);
        using var older = new WwAcquireContext(_runtime);
        var younger = new WwAcquireContext(_runtime);
        a.Lock(older);
        var result = TestFences.OnThread(() =>
        {
            b.Lock(younger);
            var first = a.Lock(younger);
            var second = c.Lock(younger);
            b.Unlock();
            return (first, second);
        });
        Assert.Equal((WwLockResult.Deadlock, WwLockResult.Deadlock), result);
        Assert.Equal(1, _runtime.Warnings.CountOf(DmaWarningCode.DeadlockNotBackedOff));
        a.Unlock();
    }

    [Fact]
    public void FiniWithLocksHeld_Throws()
    {
        var a = new ReservationObject(_runtime);
        var context = new WwAcquireContext(_runtime);
        a.Lock(context);
        Assert.Throws<InvalidOperationException>(context.Dispose);
        a.Unlock();
        context.Dispose();
    }
}
