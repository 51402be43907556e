using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>D17's clean twin: the userspace side signals its fence before it exits; the importer's wait returns.</summary>
public sealed class D17UioFenceSignalledBeforeExit : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D17-ok";

    /// <inheritdoc/>
    public override string Title => "UIO fence signalled before exit (D17's twin)";

    /// <inheritdoc/>
    public override string Models => "the userspace driver signals its fence and exits; the importer's wait returns at once";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.Clean;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var uio = new FenceTimeline(world.Runtime, "uio", "uio-dma", userspaceControlled: true);
        var fence = D17UioIndefiniteFence.Userspace(uio, signalBeforeExit: true);
        var status = FenceWaitStatus.Interrupted;
        ScenarioWorld.OnThread("importer", () => status = fence.Wait().Status);
        if (status != FenceWaitStatus.Signaled)
        {
            throw new InvalidOperationException($"Expected the importer's wait to return signalled, saw {status}.");
        }
    }
}
