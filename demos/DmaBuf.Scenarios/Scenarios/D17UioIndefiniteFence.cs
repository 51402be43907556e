using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;
using DmaBuf.Sync;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D17, the UIO heap thread (seed 004): a userspace UIO driver does its own DMA and hands the kernel an indefinite
/// fence that only it can signal; the userspace process ends without signalling, dropping its signaller, while a
/// kernel importer waits on the fence. "DMA-fences are fundamentally incompatible with UIO": nothing can signal it
/// any more, and Dept finds that when the GC collects the signaller.
/// </summary>
public sealed class D17UioIndefiniteFence : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D17";

    /// <inheritdoc/>
    public override string Title => "UIO heap's indefinite fence";

    /// <inheritdoc/>
    public override string Models => "a UIO userspace driver's fence is waited on by a kernel importer; the userspace side exits without signalling";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptUnreachable;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var uio = new FenceTimeline(world.Runtime, "uio", "uio-dma", userspaceControlled: true);
        var fence = Userspace(uio, signalBeforeExit: false);

        using var interrupt = new CancellationTokenSource();
        var importer = ScenarioWorld.Start("importer", () => fence.Wait(interrupt.Token));
        ScenarioWorld.WaitUntil(() => fence.BlockedWaiters > 0, "the importer blocking on the UIO fence");

        // The importer would sleep for ever: interrupt it. Its wait stays unanswered; the runner's end-of-run sweep
        // finds the collected signaller.
        interrupt.Cancel();
        ScenarioWorld.Join(importer);
    }

    /// <summary>The userspace UIO driver: creates its fence, hands it over, exits (its signaller goes with it).</summary>
    /// <param name="uio">The UIO timeline.</param>
    /// <param name="signalBeforeExit">Whether it signals before exiting (the correct driver).</param>
    /// <returns>The fence handed to the kernel.</returns>
    internal static Fence Userspace(FenceTimeline uio, bool signalBeforeExit)
    {
        Fence? handed = null;
        ScenarioWorld.OnThread("uio-userspace", () =>
        {
            var signaller = new UserspaceSignaller(uio);
            handed = signaller.Fence;
            if (signalBeforeExit)
            {
                signaller.Signal();
            }
        });
        return handed!;
    }
}
