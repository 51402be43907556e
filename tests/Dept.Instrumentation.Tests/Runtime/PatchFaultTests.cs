using Dept.Instrumentation.Tests.Support;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patches.Threading;
using Dept.Instrumentation.Runtime;
using Dept.Instrumentation.Tests.Patches;

namespace Dept.Instrumentation.Tests.Runtime;

[Collection(EngineCollection.Name)]
public sealed class PatchFaultTests
{
    [Fact]
    public void FaultInsideAPatch_NeverReachesTheCaller_StopsTrackingButKeepsTheEngine()
    {
        using var dept = new PatchEngine();
        var handle = new ManualResetEvent(false);
        handle.Dispose();
        var site = PatchEngine.Site("WaitHandle.WaitOne");
        try
        {
            // Peeking a disposed ManualResetEvent throws inside the patch: the guard must swallow it.
            WaitHandlePatches.WaitOne.Prefix(handle, site);

            Assert.IsType<ObjectDisposedException>(PatchFault.First);
            Assert.True(dept.Engine.IsStopped);
            Assert.Same(dept.Engine, DeptRuntime.Current);
            Assert.Contains("internal failure in a patch: ObjectDisposedException", dept.Engine.StopReason, StringComparison.Ordinal);
            Assert.Throws<ObjectDisposedException>(() => handle.WaitOne()); // the caller sees only the original's exception
        }
        finally
        {
            PatchFault.Reset();
        }
    }

    [Fact]
    public void Flush_WithoutAStartedRun_ReturnsNull()
    {
        Assert.Null(DeptRuntime.Current);

        Assert.Null(DeptInstrumentedRun.Flush());
    }

    [Fact]
    public void PatchesOnNullReceivers_LeaveTheOriginalToThrow()
    {
        using var dept = new PatchEngine();
        var taken = false;

        MonitorPatches.EnterRef.Prefix(null!, ref taken, null!, ref TestSlot.Current);
        MonitorPatches.Exit.Postfix(null!, null!, ref TestSlot.Current);
        SemaphoreSlimPatches.Release.Prefix(null!, null!);
        ManualResetEventSlimPatches.Set.Prefix(null!, null!);
        WaitHandlePatches.WaitOne.Prefix(null!, null!);

        Assert.Throws<ArgumentNullException>(() => Monitor.Enter(null!, ref taken));
        Assert.Null(PatchFault.First);
        Assert.False(dept.Engine.IsStopped);
    }
}
