using DmaBuf.Diagnostics;
using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D13: a refcount bug drops a fence's last reference while a callback and a waiter are still queued. Not a
/// wait/event cycle: the kernel's own deadlock marker. The model logs "released with pending signals!", forces the
/// fence to <c>-EDEADLK</c> and signals it, so the waiter wakes with that error; Dept reports the fence's signal as
/// an unreachable event (its source was released while a callback, and possibly a waiter, were outstanding).
/// </summary>
public sealed class D13ReleaseWithPendingCallbacks : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D13";

    /// <inheritdoc/>
    public override string Title => "release with pending callbacks";

    /// <inheritdoc/>
    public override string Models => "the last reference is put before the signal while a callback and a waiter are queued; the fence is signalled with -EDEADLK";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptUnreachableAndWarning;

    /// <inheritdoc/>
    public override IReadOnlyList<DmaWarningCode> RequiredWarnings => [DmaWarningCode.ReleasedWithPendingSignals];

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var fence = new Fence(new NamedFenceOps("gpu", "ring0"), world.Runtime, FenceContext.Allocate(), 7);
        var callbackError = 0;
        fence.AddCallback(new FenceCallback(f => callbackError = f.Error));

        var waiterError = 0;
        var waiter = new Thread(() =>
        {
            fence.Wait();
            waiterError = fence.Error;
        })
        { IsBackground = true, Name = "fence-waiter" };
        waiter.Start();

        // Whether the waiter is already asleep or not yet waiting, it must end with -EDEADLK: no race to arrange.
        fence.Put(); // The refcount bug: the creator's reference was the only one.
        if (!waiter.Join(ScenarioWorld.ThreadTimeout))
        {
            throw new TimeoutException("The waiter did not wake after the fence was released.");
        }

        if (callbackError != FenceErrors.Deadlock || waiterError != FenceErrors.Deadlock)
        {
            throw new InvalidOperationException($"Expected -EDEADLK in the callback and the waiter, saw {callbackError} and {waiterError}.");
        }
    }
}
