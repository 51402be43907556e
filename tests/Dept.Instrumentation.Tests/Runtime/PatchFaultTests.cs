using Dept.Core.Tracking;
using Dept.Instrumentation.Patches.Threading;
using Dept.Instrumentation.Runtime;
using Dept.Instrumentation.Tests.Patches;

namespace Dept.Instrumentation.Tests.Runtime;

[Collection(EngineCollection.Name)]
public sealed class PatchFaultTests
{
    [Fact]
    public void FaultInsideAPatch_NeverReachesTheCaller_AndTheOriginalStillRuns()
    {
        // A Lock.Scope whose lock field cannot be read is impossible to build; a WaitHandle subclass that throws
        // from WaitOne(0) is not a ManualResetEvent. So provoke the guard directly through a throwing delegate:
        // ContextBoundaries runs DeptContext.NewContext inside its guard; the user delegate must still run.
        using var dept = new PatchEngine();
        var ran = false;
        Action action = () => ran = true;

        Dept.Instrumentation.Patches.Tasks.TaskRunPatches.RunAction.Prefix(ref action);
        action();

        Assert.True(ran);
        Assert.False(dept.Engine.IsStopped);
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

        MonitorPatches.EnterRef.Prefix(null!, ref taken, null!);
        MonitorPatches.Exit.Postfix(null!, null!);
        SemaphoreSlimPatches.Release.Prefix(null!, null!);
        ManualResetEventSlimPatches.Set.Prefix(null!, null!);
        WaitHandlePatches.WaitOne.Prefix(null!, null!);

        Assert.Throws<ArgumentNullException>(() => Monitor.Enter(null!, ref taken));
        Assert.Null(PatchFault.First);
        Assert.False(dept.Engine.IsStopped);
    }
}
