namespace DmaBuf.Heaps;

/// <summary>
/// Heap flags (<c>heap_flags</c>). Mainline defines none (<c>DMA_HEAP_VALID_HEAP_FLAGS == 0</c>): a new buffer
/// property gets a new heap name, not a flag (seed 003). Any bit is rejected.
/// </summary>
[Flags]
public enum DmaHeapFlags : ulong
{
    /// <summary>No flag; the only valid value.</summary>
    None = 0,
}
