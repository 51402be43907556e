namespace DmaBuf.Heaps;

/// <summary>One DMA-addressable range of a buffer: an address and a length, never a page.</summary>
/// <param name="Address">The device address.</param>
/// <param name="Length">The length in bytes, a multiple of the page size.</param>
public readonly record struct DmaSegment(ulong Address, ulong Length);
