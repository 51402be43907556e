using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>D13's clean twin: the fence is signalled before its last reference is put; callback and waiter see success.</summary>
public sealed class D13ReleaseAfterSignal : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D13-ok";

    /// <inheritdoc/>
    public override string Title => "release after signal (D13's twin)";

    /// <inheritdoc/>
    public override string Models => "a callback and a waiter are queued, the driver signals, then the last reference is put";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.Clean;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var fence = new Fence(new NamedFenceOps("gpu", "ring0"), world.Runtime, FenceContext.Allocate(), 7);
        var callbackError = 1;
        fence.AddCallback(new FenceCallback(f => callbackError = f.Error) { Name = "job retire" });
        var waiter = ScenarioWorld.Start("fence-waiter", () => fence.Wait());
        ScenarioWorld.WaitUntil(() => fence.BlockedWaiters > 0 || fence.TestSignaledFlag(), "the waiter blocking on the fence");

        fence.Signal();
        fence.Put();
        ScenarioWorld.Join(waiter);

        if (callbackError != 0 || fence.Error != 0)
        {
            throw new InvalidOperationException($"Expected success, saw callback error {callbackError} and fence error {fence.Error}.");
        }
    }
}
