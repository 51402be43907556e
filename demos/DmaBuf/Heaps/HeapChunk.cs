namespace DmaBuf.Heaps;

/// <summary>A run of pages backing part of a heap buffer: where the device sees it and the bytes behind it.</summary>
/// <param name="Segment">The device address range.</param>
/// <param name="Pages">The backing bytes; private to the exporter.</param>
internal sealed record HeapChunk(DmaSegment Segment, byte[] Pages);
