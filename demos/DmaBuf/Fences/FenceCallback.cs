namespace DmaBuf.Fences;

/// <summary>
/// A callback that can sit on one fence at a time (<c>struct dma_fence_cb</c>). It runs when the fence signals,
/// under the fence's lock: it must not wait, must not take that lock and must not drop the last reference.
/// </summary>
/// <param name="func">The function to call with the signalled fence.</param>
public sealed class FenceCallback(Action<Fence> func)
{
    private readonly Action<Fence> _func = func ?? throw new ArgumentNullException(nameof(func));

    /// <summary>
    /// Gets or sets what the callback stands for in diagnostics (e.g. <c>dma_fence_array child</c>); defaults to the
    /// function's declaring type.
    /// </summary>
    public string Name { get; init; } = func?.Method.DeclaringType?.Name ?? "callback";

    /// <summary>Gets a value indicating whether this is a waiting thread's own callback (the default wait's).</summary>
    internal bool IsWaiter { get; init; }

    /// <summary>Gets the fence the callback is queued on, if any. Guarded by that fence's lock.</summary>
    internal Fence? QueuedOn { get; set; }

    internal void Invoke(Fence fence) => _func(fence);
}
