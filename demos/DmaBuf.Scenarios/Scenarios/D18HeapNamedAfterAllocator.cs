using DmaBuf.Diagnostics;
using DmaBuf.Heaps;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D18, the heap-naming thread (seeds 000/001): a platform registers its video region as <c>cma-video</c>, naming
/// the allocator instead of the memory. The registry refuses it with an error naming the rule, and registers nothing.
/// </summary>
public sealed class D18HeapNamedAfterAllocator : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D18";

    /// <inheritdoc/>
    public override string Title => "heap named after its allocator";

    /// <inheritdoc/>
    public override string Models => "dma_heap_add(\"cma-video\") is refused: a heap name describes the region, not the allocator";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.ModelWarning;

    /// <inheritdoc/>
    public override IReadOnlyList<DmaWarningCode> RequiredWarnings => [DmaWarningCode.HeapNameRejected];

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var heaps = world.Heaps.Heaps.Count;
        try
        {
            world.Heaps.Add(new ContiguousHeap(world.Runtime, 1UL << 20, 0x5000_0000, "cma-video"));
        }
        catch (ArgumentException ex) when (ex.Message.Contains("names the allocator", StringComparison.Ordinal))
        {
            if (world.Heaps.Heaps.Count != heaps || world.Heaps.TryGet("cma-video", out _))
            {
                throw new InvalidOperationException("A refused heap must not be registered.");
            }

            return;
        }

        throw new InvalidOperationException("The registry accepted a heap named after its allocator.");
    }
}
