using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Diagnostics;
using DmaBuf.Fences;
using DmaBuf.Locking;

namespace Dept.Demos.Tests.Contracts.Fences;

public sealed class FenceCallbackTests
{
    private readonly DmaRuntime _runtime = new(new ManualTimeProvider());

    [Fact]
    public void Callback_RunsOnceUnderTheFenceLockWhenSignalled()
    {
        var fence = TestFences.Create(_runtime);
        var calls = 0;
        var underLock = false;
        Assert.Equal(AddCallbackResult.Added, fence.AddCallback(new FenceCallback(f =>
        {
            calls++;
            underLock = f.Lock.IsHeldByCurrentThread;
        })));
        fence.Signal();
        fence.Signal();
        Assert.Equal(1, calls);
        Assert.True(underLock);
    }

    [Fact]
    public void AddCallback_OnSignalledFence_ReportsAlreadySignaledAndDoesNotCall()
    {
        var fence = TestFences.Create(_runtime);
        fence.Signal();
        var called = false;
        Assert.Equal(AddCallbackResult.AlreadySignaled, fence.AddCallback(new FenceCallback(_ => called = true)));
        Assert.False(called);
    }

    [Fact]
    public void AddCallback_SameCallbackTwice_Throws()
    {
        var callback = new FenceCallback(_ => { });
        TestFences.Create(_runtime).AddCallback(callback);
        Assert.Throws<InvalidOperationException>(() => TestFences.Create(_runtime).AddCallback(callback));
    }

    [Fact]
    public void RemoveCallback_TrueWhileQueuedFalseAfterwards()
    {
        var fence = TestFences.Create(_runtime);
        var called = false;
        var callback = new FenceCallback(_ => called = true);
        fence.AddCallback(callback);
        Assert.True(fence.RemoveCallback(callback));
        Assert.False(fence.RemoveCallback(callback));
        fence.Signal();
        Assert.False(called);
    }

    [Fact]
    public void ReleaseWithPendingCallbacks_SignalsWithDeadlockAndWarns()
    {
        var fence = TestFences.Create(_runtime);
        var seen = 0;
        fence.AddCallback(new FenceCallback(f => seen = f.Error));
        fence.Put();
        Assert.Equal(FenceErrors.Deadlock, seen);
        Assert.True(fence.TestSignaledFlag());
        var warning = Assert.Single(_runtime.Warnings.Entries);
        Assert.Equal(DmaWarningCode.ReleasedWithPendingSignals, warning.Code);
        Assert.Matches("^Fence test-driver:test-timeline:[0-9a-f]+:1 released with pending signals!$", warning.Message);
    }

    [Fact]
    public void ReleaseWithoutCallbacks_IsQuiet()
    {
        var fence = TestFences.Create(_runtime);
        fence.Get();
        fence.Put();
        fence.Put();
        Assert.Equal(0, _runtime.Warnings.Count);
        Assert.Throws<InvalidOperationException>(fence.Put);
    }

    [Fact]
    public void FinalPutInsideOwnCallback_IsCounted()
    {
        var fence = TestFences.Create(_runtime);
        fence.AddCallback(new FenceCallback(f => f.Put()));
        fence.Signal();
        Assert.Equal(1, _runtime.Warnings.CountOf(DmaWarningCode.FinalPutInCallback));
    }

    [Fact]
    public void SharedExternalLock_ReentrantSignalFromCallback_IsRefusedNotHung()
    {
        var shared = new KernelSpinLock("driver.shared_lock");
        var context = FenceContext.Allocate();
        var ops = new NamedFenceOps("d", "t");
        var first = new Fence(ops, _runtime, context, 1, shared);
        var second = new Fence(ops, _runtime, context, 2, shared);
        Assert.Same(first.Lock, second.Lock);
        Assert.Equal(FenceFlags.None, first.Flags & FenceFlags.InlineLock);
        first.AddCallback(new FenceCallback(_ => second.Signal()));
        Assert.Throws<LockRecursionException>(() => first.Signal());
    }

    [Fact]
    public void InlineLock_IsPerFence()
    {
        var a = TestFences.Create(_runtime);
        var b = TestFences.Create(_runtime);
        Assert.NotSame(a.Lock, b.Lock);
        Assert.Equal(FenceFlags.InlineLock, a.Flags & FenceFlags.InlineLock);
    }
}
