namespace DmaBuf.Fences;

/// <summary>
/// Allocates fence contexts (execution timelines), as <c>dma_fence_context_alloc</c>. Context 0 belongs to stub
/// fences; allocation starts at 1.
/// </summary>
/// <remarks>
/// Thread-safe. The counter is the one piece of process-wide mutable state in the model, on purpose: the kernel's
/// counter is global too, and contexts must be unique across every runtime that could exchange fences.
/// </remarks>
public static class FenceContext
{
    private static long s_next;

    /// <summary>Allocates <paramref name="count"/> consecutive contexts and returns the first.</summary>
    /// <param name="count">How many contexts; at least 1.</param>
    /// <returns>The first allocated context.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero (the kernel WARNs).</exception>
    public static ulong Allocate(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (ulong)(Interlocked.Add(ref s_next, count) - count + 1);
    }
}
