using DmaBuf.Reservation;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scheduling;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D2: the copy-engine completion takes a buffer's reservation lock (to update placement) inside its signalling
/// section. Waiting for fences under a reservation lock is legal (contract rule 3), so this is the bug. The
/// eviction half never runs: the boot-time priming (<see cref="DmaResvLockdep"/>) already recorded it.
/// </summary>
public sealed class D02ResvInSignallingPath : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D2";

    /// <inheritdoc/>
    public override string Title => "reservation lock in the signalling path";

    /// <inheritdoc/>
    public override string Models => "copy-engine completion locks the BO's reservation before signalling the move fence; eviction (primed at boot) waits for that fence under the lock";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        DmaResvLockdep.Prime(world.Runtime);
        var bo = world.Allocate();
        using var copyEngine = new GpuScheduler(world.Runtime, "copy");
        var move = copyEngine.Submit(_ =>
        {
            bo.Resv.Lock();
            bo.Resv.Unlock();
        });
        move.Finished.Wait();
        bo.Put();
    }
}
