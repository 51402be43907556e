using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D8: an importer holds a reservation lock and calls <c>dma_buf_attach</c>, which the locking convention says
/// must be called unlocked because it takes the reservation lock itself. On the same buffer the task blocks on a
/// lock it holds (the model throws instead of hanging); here the importer holds buffer A's lock and attaches to
/// buffer B, the same class: Dept reports the recursion lockdep would.
/// </summary>
public sealed class D08LockingConventionViolation : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D8";

    /// <inheritdoc/>
    public override string Title => "locking-convention violation (attach under the reservation lock)";

    /// <inheritdoc/>
    public override string Models => "an importer holding a reservation lock calls dma_buf_attach, which takes a reservation lock without an acquire context";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var held = world.Allocate();
        var other = world.Allocate();
        held.Resv.Lock();
        var attachment = other.Attach("importer-gpu");
        held.Resv.Unlock();
        other.Detach(attachment);
        held.Put();
        other.Put();
    }
}
