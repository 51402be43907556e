namespace DmaBuf.Fences;

/// <summary>
/// Fence signalling critical-section annotations (<c>dma_fence_begin_signalling</c> /
/// <c>dma_fence_end_signalling</c> / <c>__dma_fence_might_wait</c>). Like the kernel's without lockdep, they do
/// nothing at run time: they mark every piece of code needed to reach a signal, so a tracker patched onto them can
/// check it never waits for what it is itself needed to complete (cross-driver contract, rules 2-6).
/// </summary>
public static class FenceSignalling
{
    /// <summary>Starts a signalling critical section. Sections nest freely.</summary>
    /// <returns>The cookie to pass to <see cref="End"/>.</returns>
    public static SignallingCookie Begin() => default;

    /// <summary>Ends a signalling critical section.</summary>
    /// <param name="cookie">The cookie <see cref="Begin"/> returned.</param>
    public static void End(SignallingCookie cookie) => _ = cookie;

    /// <summary>Marks a point that may wait for a fence, without a fence at hand (used by the lock-order priming).</summary>
    public static void MightWait()
    {
    }
}
