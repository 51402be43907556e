using DmaBuf.Fences;

namespace DmaBuf.Sync;

/// <summary>
/// The userspace half of an indefinite fence: the only way to signal a point of a userspace-controlled timeline
/// (a UIO driver's DMA completion, a userspace fence imported as a DMA fence). The fence holds no reference to it,
/// so when the userspace side goes away without signalling (its thread or process ends), nothing can signal the
/// fence any more: the reason DMA fences are "fundamentally incompatible with UIO" (seed 004).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class UserspaceSignaller
{
    private readonly FenceTimeline _timeline;

    /// <summary>Creates the next point of <paramref name="timeline"/> and the handle that signals it.</summary>
    /// <param name="timeline">A userspace-controlled timeline.</param>
    /// <exception cref="ArgumentException">The timeline is not userspace-controlled.</exception>
    public UserspaceSignaller(FenceTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (!timeline.IsUserspaceControlled)
        {
            throw new ArgumentException("only a userspace-controlled timeline has a userspace signaller.", nameof(timeline));
        }

        _timeline = timeline;
        Fence = timeline.CreateFence();
    }

    /// <summary>Gets the indefinite fence this handle alone can signal.</summary>
    public Fence Fence { get; }

    /// <summary>Signals the fence: userspace reports its work done (<c>SW_SYNC_IOC_INC</c> up to the point).</summary>
    public void Signal()
    {
        var behind = Fence.Seqno > _timeline.Value ? Fence.Seqno - _timeline.Value : 0;
        if (behind > 0)
        {
            _timeline.Increment(behind);
        }
    }
}
