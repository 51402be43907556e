namespace DmaBuf.Buffers;

/// <summary>The direction of a DMA transfer or CPU access (<c>enum dma_data_direction</c>).</summary>
public enum DmaDataDirection
{
    /// <summary>Both ways: the CPU or device reads and writes.</summary>
    Bidirectional,

    /// <summary>To the device: the CPU writes (<c>DMA_BUF_SYNC_WRITE</c>).</summary>
    ToDevice,

    /// <summary>From the device: the CPU reads (<c>DMA_BUF_SYNC_READ</c>).</summary>
    FromDevice,
}
