using DmaBuf.Diagnostics;
using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D6, the nouveau pending-list race (seed 004). Not a wait/event cycle: a contract violation the model detects.
/// (a) A waiter's <c>is_signaled</c> fast path signals a fence the driver still keeps on its pending list; the
/// channel-kill path then sets an error on it: set_error after signal, which the model refuses and counts.
/// (b) The rejected fix drops the list's reference from a fence callback: the final put runs under the fence's own
/// lock, which the model counts as well.
/// </summary>
public sealed class D06NouveauPendingList : Scenario
{
    private const int NoDevice = -19;

    /// <inheritdoc/>
    public override string Id => "D6";

    /// <inheritdoc/>
    public override string Title => "nouveau pending list: set_error after signal, put in callback";

    /// <inheritdoc/>
    public override string Models => "fast-path signal leaves the fence on the pending list; channel kill sets its error afterwards; the rejected fix drops the last reference inside the callback";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.ModelWarning;

    /// <inheritdoc/>
    public override IReadOnlyList<DmaWarningCode> RequiredWarnings => [DmaWarningCode.SetErrorAfterSignal, DmaWarningCode.FinalPutInCallback];

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var channel = new FenceTimeline(world.Runtime, "nouveau", "channel-0");
        var fence = channel.CreateFence();
        channel.AdvanceHardware(); // The GPU passed the fence; its interrupt is not processed yet.

        ScenarioWorld.OnThread("nouveau-waiter", () => fence.IsSignaled());
        ScenarioWorld.OnThread("channel-kill", () => KillContext(channel, NoDevice));

        // D6b: the list's reference (the only one left) dropped from the fence's own callback.
        var next = channel.CreateFence();
        next.AddCallback(new FenceCallback(f => f.Put()));
        channel.Increment(2);
    }

    // nouveau_fence_context_kill as it was: under fctx->lock, error and signal every fence on the pending list.
    private static void KillContext(FenceTimeline channel, int error)
    {
        var pending = channel.Pending;
        channel.SharedLock.Lock();
        try
        {
            foreach (var fence in pending)
            {
                try
                {
                    fence.SetError(error);
                }
                catch (InvalidOperationException)
                {
                    // The kernel WARNs and carries on; the model logged the warning before throwing.
                }

                fence.SignalLocked(channel.Runtime.Time.GetUtcNow());
            }
        }
        finally
        {
            channel.SharedLock.Unlock();
        }
    }
}
