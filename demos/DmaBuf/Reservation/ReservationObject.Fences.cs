using System.Text;
using DmaBuf.Diagnostics;
using DmaBuf.Fences;

namespace DmaBuf.Reservation;

public sealed partial class ReservationObject
{
    /// <summary>Reserves slots for <paramref name="count"/> fences (<c>dma_resv_reserve_fences</c>); lock held, redo after any unlock.</summary>
    /// <param name="count">How many fences will be added.</param>
    public void ReserveFences(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        AssertHeld("dma_resv_reserve_fences");
        _reserved += count;
    }

    /// <summary>
    /// Adds a fence (<c>dma_resv_add_fence</c>); lock held and a slot reserved. Replaces a fence of the same
    /// context with an equal or lower usage that it supersedes, or any signalled fence; appends otherwise.
    /// From here the fence is visible: its signalling critical section has begun.
    /// </summary>
    /// <param name="fence">The fence; not a container (add children instead).</param>
    /// <param name="usage">Its usage.</param>
    /// <exception cref="InvalidOperationException">Lock not held, or no slot reserved.</exception>
    public void AddFence(Fence fence, DmaResvUsage usage)
    {
        ArgumentNullException.ThrowIfNull(fence);
        AssertHeld("dma_resv_add_fence");
        if (_reserved == 0)
        {
            throw new InvalidOperationException("dma_resv_add_fence without dma_resv_reserve_fences (the kernel BUGs).");
        }

        if (fence is FenceArray or FenceChain)
        {
            Runtime.Warnings.Warn(DmaWarningCode.ContainerNested, $"container fence {fence.Context:x}:{fence.Seqno:x} added to a reservation object");
        }

        if (fence.Ops.IsUserspaceControlled)
        {
            Runtime.Warnings.Warn(DmaWarningCode.IndefiniteFence, $"userspace-controlled fence {fence.Context:x}:{fence.Seqno:x} published as a DMA fence");
        }

        var fences = _fences;
        for (var i = 0; i < fences.Length; i++)
        {
            var old = fences[i];
            if ((old.Fence.Context == fence.Context && old.Usage >= usage && fence.IsLaterOrSame(old.Fence)) || old.Fence.IsSignaled())
            {
                var copy = (ResvEntry[])fences.Clone();
                copy[i] = new ResvEntry(fence, usage);
                Volatile.Write(ref _fences, copy);
                _reserved--;
                return;
            }
        }

        Volatile.Write(ref _fences, [.. fences, new ResvEntry(fence, usage)]);
        _reserved--;
    }

    /// <summary>Returns the fences with a usage up to <paramref name="usage"/> (<c>dma_resv_get_fences</c>), signalled ones included.</summary>
    /// <param name="usage">The highest usage to include.</param>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<Fence> GetFences(DmaResvUsage usage) =>
        [.. Volatile.Read(ref _fences).Where(e => e.Usage <= usage).Select(e => e.Fence)];

    /// <summary>Gets every entry (fence and usage), as the locked iterator sees them.</summary>
    public IReadOnlyList<ResvEntry> Entries => Volatile.Read(ref _fences);

    /// <summary>Returns whether every fence up to <paramref name="usage"/> has signalled (<c>dma_resv_test_signaled</c>).</summary>
    /// <param name="usage">The highest usage to include.</param>
    /// <returns><see langword="true"/> if all signalled.</returns>
    public bool TestSignaled(DmaResvUsage usage) => GetFences(usage).All(f => f.IsSignaled());

    /// <summary>
    /// Waits for every unsignalled fence up to <paramref name="usage"/> in turn, passing the remaining time along
    /// (<c>dma_resv_wait_timeout</c>). The lock is not required and may be held (contract rule 3). A zero
    /// timeout polls (use <see cref="TestSignaled"/>; the kernel turns it into one jiffy per fence).
    /// </summary>
    /// <param name="usage">The highest usage to wait for.</param>
    /// <param name="timeout">The longest total wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="cancellationToken">Interrupts the wait.</param>
    /// <returns>The outcome and the time left.</returns>
    public FenceWaitResult WaitTimeout(DmaResvUsage usage, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var remaining = timeout;
        foreach (var fence in GetFences(usage))
        {
            // Signalled fences return at once; waiting on them anyway keeps every potential wait visible.
            var result = fence.WaitTimeout(remaining, cancellationToken);
            if (!result.IsSignaled)
            {
                return result;
            }

            remaining = result.Remaining;
        }

        return new FenceWaitResult(FenceWaitStatus.Signaled, remaining);
    }

    /// <summary>Forwards a deadline hint to every fence up to <paramref name="usage"/> (<c>dma_resv_set_deadline</c>).</summary>
    /// <param name="usage">The highest usage.</param>
    /// <param name="deadline">The deadline.</param>
    public void SetDeadline(DmaResvUsage usage, DateTimeOffset deadline)
    {
        foreach (var fence in GetFences(usage))
        {
            fence.SetDeadline(deadline);
        }
    }

    /// <summary>Describes the fences up to <see cref="DmaResvUsage.Read"/> (<c>dma_resv_describe</c>).</summary>
    /// <returns>One "\t{usage} fence: {describe}" line per fence.</returns>
    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var entry in Entries.Where(e => e.Usage <= DmaResvUsage.Read))
        {
            sb.Append('\t').Append(entry.Usage.Name()).Append(" fence: ").Append(entry.Fence.Describe()).Append('\n');
        }

        return sb.ToString();
    }
}
