namespace DmaBuf.Buffers;

/// <summary>A device's attachment to a buffer (<c>struct dma_buf_attachment</c>).</summary>
/// <remarks>Mapping state is guarded by the buffer's reservation lock.</remarks>
public sealed class DmaBufAttachment
{
    internal DmaBufAttachment(DmaBuffer buffer, string device)
    {
        Buffer = buffer;
        Device = device;
    }

    /// <summary>Gets the buffer.</summary>
    public DmaBuffer Buffer { get; }

    /// <summary>Gets the importing device's name.</summary>
    public string Device { get; }

    /// <summary>Gets the current mapping, if mapped.</summary>
    public DmaMapping? Mapping { get; internal set; }

    /// <summary>Gets a value indicating whether the attachment is mapped.</summary>
    public bool IsMapped => Mapping is not null;

    /// <summary>Gets a value indicating whether the attachment was detached.</summary>
    public bool IsDetached { get; internal set; }
}
