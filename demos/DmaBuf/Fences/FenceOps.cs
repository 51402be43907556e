namespace DmaBuf.Fences;

/// <summary>
/// A driver's fence operations (<c>struct dma_fence_ops</c>). Names are mandatory; the rest have the kernel's
/// defaults.
/// </summary>
public abstract class FenceOps
{
    /// <summary>Returns the driver name. Only valid while the fence is unsignalled.</summary>
    /// <param name="fence">The fence.</param>
    /// <returns>The name.</returns>
    public abstract string GetDriverName(Fence fence);

    /// <summary>Returns the timeline name. Only valid while the fence is unsignalled.</summary>
    /// <param name="fence">The fence.</param>
    /// <returns>The name.</returns>
    public abstract string GetTimelineName(Fence fence);

    /// <summary>
    /// Called once, with the fence lock held, the first time someone needs a software signal. Return
    /// <see langword="false"/> if the fence already passed; the core then signals it.
    /// </summary>
    /// <param name="fence">The fence.</param>
    /// <returns><see langword="true"/> if the driver will signal later.</returns>
    public virtual bool EnableSignaling(Fence fence) => true;

    /// <summary>The optional fast path: once true, always true. Lock held or not is undetermined (seed 004).</summary>
    /// <param name="fence">The fence.</param>
    /// <returns><see langword="true"/> if the hardware has passed the fence.</returns>
    public virtual bool IsSignaled(Fence fence) => false;

    /// <summary>A deadline hint; called without the fence lock, maybe many times.</summary>
    /// <param name="fence">The fence.</param>
    /// <param name="deadline">The soonest deadline so far.</param>
    public virtual void SetDeadline(Fence fence, DateTimeOffset deadline)
    {
    }

    /// <summary>Called when the last reference is dropped.</summary>
    /// <param name="fence">The fence.</param>
    public virtual void Release(Fence fence)
    {
    }

    /// <summary>Gets a value indicating whether userspace decides when these fences signal (indefinite fences).</summary>
    public virtual bool IsUserspaceControlled => false;
}
