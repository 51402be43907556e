using DmaBuf.Fences;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D16: a signal-all fence array whose second component is never signalled: its timeline is torn down without
/// signalling it, while the array's child callback is still queued on it and a thread waits on the array. The
/// component's signal, and so the array's, can never happen.
/// </summary>
public sealed class D16ArrayComponentNeverSignalled : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D16";

    /// <inheritdoc/>
    public override string Title => "fence array with a never-signalled component";

    /// <inheritdoc/>
    public override string Models => "one component of a signal-all array loses its timeline unsignalled; the array's callback and its waiter wait for ever";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptUnreachableAndWarning;

    /// <inheritdoc/>
    public override IReadOnlyList<Diagnostics.DmaWarningCode> RequiredWarnings => [Diagnostics.DmaWarningCode.TimelineTornDownWithPendingFences];

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var copy = new FenceTimeline(world.Runtime, "gpu", "copy");
        var compute = new FenceTimeline(world.Runtime, "gpu", "compute");
        var first = copy.CreateFence();
        var second = compute.CreateFence();
        var array = FenceArray.Create(world.Runtime, [first, second], FenceContext.Allocate(), 1, signalOnAny: false);

        using var interrupt = new CancellationTokenSource();
        var waiter = ScenarioWorld.Start("array-waiter", () => array.Wait(interrupt.Token));
        ScenarioWorld.WaitUntil(() => array.BlockedWaiters > 0, "the waiter blocking on the array");

        copy.Increment();
        compute.TearDown(signalRemaining: false);

        interrupt.Cancel();
        ScenarioWorld.Join(waiter);
        if (array.TestSignaledFlag())
        {
            throw new InvalidOperationException("The array must stay unsignalled: one of its components never signals.");
        }
    }
}
