using Dept.Core.Tracking;
using Dept.Instrumentation.Runtime;
using Dept.Instrumentation.Tests.Patches;

namespace Dept.Instrumentation.Tests.Runtime;

/// <summary>
/// An instrumented build with no engine running: the runtime helpers the patches call look nothing up and create no
/// per-object map (issue #12: "Dept off" is a null check, not a map per waited object).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class UntrackedRunTests
{
    [Fact]
    public void WithNoEngine_WaitsAwaitsAndQueueWaitsCreateNoMap()
    {
        Assert.Null(DeptRuntime.Current);
        var waited = new object();
        var queue = new object();
        var pending = new TaskCompletionSource().Task;

        Waits.Block(waited, "ManualResetEventSlim", site: null, timeout: false);
        Queues.WaitForItem(queue, site: null, timed: false);
        Queues.WaitForSpace(queue, site: null, timed: false);
        Queues.AwaitItem(queue, site: null);
        TaskEvents.Await(pending, site: null, timeout: false);

        Assert.False(InstanceMaps.TryGet(waited, out _));
        Assert.False(InstanceMaps.TryGet(queue, out _));
        Assert.False(InstanceMaps.TryGetSecond(queue, out _));
        Assert.False(InstanceMaps.TryGet(pending, out _));
    }

    [Fact]
    public void WithAnEngine_TheSameWaitCreatesItsMap()
    {
        var waited = new object();
        DeptRuntime.Install(new DeptEngine(new Core.Options.DeptOptions { CaptureStacks = false }));
        try
        {
            Waits.Block(waited, "ManualResetEventSlim", site: null, timeout: false);
        }
        finally
        {
            DeptRuntime.Install(null);
        }

        Assert.True(InstanceMaps.TryGet(waited, out _));
    }
}
