using DmaBuf.Reservation;

namespace DmaBuf.Buffers;

public sealed partial class DmaBuffer
{
    /// <summary>
    /// Attaches a device (<c>dma_buf_attach</c>). The caller must NOT hold the reservation lock: the exporter's
    /// attach runs unlocked, then the list insertion takes the lock (D8).
    /// </summary>
    /// <param name="device">The importing device's name.</param>
    /// <returns>The attachment.</returns>
    public DmaBufAttachment Attach(string device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        var attachment = new DmaBufAttachment(this, device);
        Exporter.Attach(attachment);
        Resv.Lock();
        try
        {
            Volatile.Write(ref _attachments, [.. _attachments, attachment]);
        }
        finally
        {
            Resv.Unlock();
        }

        return attachment;
    }

    /// <summary>Detaches (<c>dma_buf_detach</c>): list removal under the lock, then the exporter unlocked.</summary>
    /// <param name="attachment">The attachment; must be unmapped.</param>
    public void Detach(DmaBufAttachment attachment)
    {
        CheckOwn(attachment);
        if (attachment.IsMapped)
        {
            throw new InvalidOperationException("Unmap the attachment before detaching it.");
        }

        Resv.Lock();
        try
        {
            Volatile.Write(ref _attachments, [.. _attachments.Where(a => !ReferenceEquals(a, attachment))]);

            attachment.IsDetached = true;
        }
        finally
        {
            Resv.Unlock();
        }

        Exporter.Detach(attachment);
    }

    /// <summary>
    /// Maps an attachment for DMA (<c>dma_buf_map_attachment</c>); the caller holds the reservation lock. A static
    /// importer then waits for the KERNEL fences (moves, clears) before the device may touch the memory.
    /// </summary>
    /// <param name="attachment">The attachment.</param>
    /// <param name="direction">The direction.</param>
    /// <param name="cancellationToken">Interrupts the fence wait; the mapping is undone then.</param>
    /// <returns>The mapping: addresses only.</returns>
    public DmaMapping MapAttachment(DmaBufAttachment attachment, DmaDataDirection direction, CancellationToken cancellationToken = default)
    {
        CheckOwn(attachment);
        AssertResvHeld("dma_buf_map_attachment");
        if (attachment.IsMapped)
        {
            throw new InvalidOperationException("The attachment is already mapped.");
        }

        var mapping = Exporter.Map(attachment, direction);
        var wait = Resv.WaitTimeout(DmaResvUsage.Kernel, Timeout.InfiniteTimeSpan, cancellationToken);
        if (!wait.IsSignaled)
        {
            Exporter.Unmap(attachment, mapping);
            throw new OperationCanceledException("Interrupted waiting for the buffer's kernel fences.", cancellationToken);
        }

        attachment.Mapping = mapping;
        return mapping;
    }

    /// <summary>Maps, taking the reservation lock itself (<c>dma_buf_map_attachment_unlocked</c>); the caller must not hold it.</summary>
    /// <param name="attachment">The attachment.</param>
    /// <param name="direction">The direction.</param>
    /// <returns>The mapping.</returns>
    public DmaMapping MapAttachmentUnlocked(DmaBufAttachment attachment, DmaDataDirection direction)
    {
        Resv.Lock();
        try
        {
            return MapAttachment(attachment, direction);
        }
        finally
        {
            Resv.Unlock();
        }
    }

    /// <summary>Unmaps (<c>dma_buf_unmap_attachment</c>); the caller holds the reservation lock.</summary>
    /// <param name="attachment">The mapped attachment.</param>
    public void UnmapAttachment(DmaBufAttachment attachment)
    {
        CheckOwn(attachment);
        AssertResvHeld("dma_buf_unmap_attachment");
        var mapping = attachment.Mapping ?? throw new InvalidOperationException("The attachment is not mapped.");
        Exporter.Unmap(attachment, mapping);
        attachment.Mapping = null;
    }

    /// <summary>Unmaps, taking the reservation lock itself.</summary>
    /// <param name="attachment">The mapped attachment.</param>
    public void UnmapAttachmentUnlocked(DmaBufAttachment attachment)
    {
        Resv.Lock();
        try
        {
            UnmapAttachment(attachment);
        }
        finally
        {
            Resv.Unlock();
        }
    }

    private void CheckOwn(DmaBufAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (!ReferenceEquals(attachment.Buffer, this) || attachment.IsDetached)
        {
            throw new ArgumentException("The attachment does not belong to this buffer or was detached.", nameof(attachment));
        }
    }

    private void AssertResvHeld(string operation)
    {
        if (!Resv.IsHeldByCurrentThread)
        {
            throw new InvalidOperationException($"{operation} requires the caller to hold the buffer's reservation lock.");
        }
    }
}
