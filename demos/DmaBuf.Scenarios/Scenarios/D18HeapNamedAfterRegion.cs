using DmaBuf.Heaps;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D18's clean twin: the same region named by what it is (<c>video@50000000</c>, and a property-style name), plus
/// the legacy CMA alias beside <c>default_cma_region</c>; a buffer is allocated from the new heap.
/// </summary>
public sealed class D18HeapNamedAfterRegion : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D18-ok";

    /// <inheritdoc/>
    public override string Title => "heap named after its region (D18's twin)";

    /// <inheritdoc/>
    public override string Models => "video@50000000 and memory@60000000-cacheable-contiguous register; 'reserved' becomes the CMA heap's legacy alias";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.Clean;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        world.Heaps.Add(new ContiguousHeap(world.Runtime, 1UL << 20, 0x5000_0000, "video@50000000"));
        world.Heaps.Add(new ContiguousHeap(world.Runtime, 1UL << 20, 0x6000_0000, "memory@60000000-cacheable-contiguous"));
        if (!world.Heaps.TryGet(ContiguousHeap.DefaultRegionName, out var cma))
        {
            throw new InvalidOperationException("The world has no default CMA heap.");
        }

        world.Heaps.AddLegacyAlias(cma, "reserved");
        var buffer = world.Heaps.Allocate("video@50000000", 64 * 1024);
        buffer.Put();
    }
}
