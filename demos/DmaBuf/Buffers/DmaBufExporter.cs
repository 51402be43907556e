namespace DmaBuf.Buffers;

/// <summary>
/// The exporter's side of a buffer (<c>struct dma_buf_ops</c>). Callbacks called with the reservation lock held
/// (<see cref="Map"/>, <see cref="Unmap"/>, <see cref="Vmap"/>, <see cref="Vunmap"/>) must not take it; the
/// others are called without it and may.
/// </summary>
public abstract class DmaBufExporter
{
    /// <summary>Gets the exporter name (<c>exp_name</c>).</summary>
    public abstract string ExporterName { get; }

    /// <summary>Gets the size in bytes, fixed for the buffer's life.</summary>
    public abstract ulong Size { get; }

    /// <summary>A device attaches (unlocked). Throw <see cref="InvalidOperationException"/> for <c>-EBUSY</c>.</summary>
    /// <param name="attachment">The attachment.</param>
    public virtual void Attach(DmaBufAttachment attachment)
    {
    }

    /// <summary>A device detaches (unlocked).</summary>
    /// <param name="attachment">The attachment.</param>
    public virtual void Detach(DmaBufAttachment attachment)
    {
    }

    /// <summary>Maps for DMA (<c>map_dma_buf</c>, reservation lock held). Must return fresh segments each call.</summary>
    /// <param name="attachment">The attachment.</param>
    /// <param name="direction">The direction.</param>
    /// <returns>The mapping.</returns>
    public abstract DmaMapping Map(DmaBufAttachment attachment, DmaDataDirection direction);

    /// <summary>Unmaps (<c>unmap_dma_buf</c>, reservation lock held).</summary>
    /// <param name="attachment">The attachment.</param>
    /// <param name="mapping">The mapping.</param>
    public abstract void Unmap(DmaBufAttachment attachment, DmaMapping mapping);

    /// <summary>Prepares CPU access (unlocked; may take the lock).</summary>
    /// <param name="direction">The access direction.</param>
    public virtual void BeginCpuAccess(DmaDataDirection direction)
    {
    }

    /// <summary>Ends CPU access (unlocked).</summary>
    /// <param name="direction">The access direction.</param>
    public virtual void EndCpuAccess(DmaDataDirection direction)
    {
    }

    /// <summary>Maps into the kernel on the first vmap (reservation lock held).</summary>
    public virtual void Vmap()
    {
    }

    /// <summary>Unmaps from the kernel on the last vunmap (reservation lock held).</summary>
    public virtual void Vunmap()
    {
    }

    /// <summary>Copies bytes out for the CPU; only called inside CPU access.</summary>
    /// <param name="offset">The offset.</param>
    /// <param name="destination">Where to copy.</param>
    public abstract void Read(ulong offset, Span<byte> destination);

    /// <summary>Copies bytes in from the CPU; only called inside CPU access.</summary>
    /// <param name="offset">The offset.</param>
    /// <param name="source">What to copy.</param>
    public abstract void Write(ulong offset, ReadOnlySpan<byte> source);

    /// <summary>Frees the backing storage (last reference gone).</summary>
    public abstract void Release();
}
