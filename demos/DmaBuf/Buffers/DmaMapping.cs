using DmaBuf.Heaps;

namespace DmaBuf.Buffers;

/// <summary>
/// An attachment's DMA mapping: device addresses and lengths only. Importers must never touch the pages behind a
/// mapping (Christian König, seed 000), so the model gives them none to touch.
/// </summary>
/// <param name="Segments">The page-aligned address ranges.</param>
/// <param name="Direction">The transfer direction it was mapped for.</param>
public sealed record DmaMapping(IReadOnlyList<DmaSegment> Segments, DmaDataDirection Direction)
{
    /// <summary>Gets the total mapped length.</summary>
    public ulong Length => Segments.Aggregate(0UL, (sum, s) => sum + s.Length);
}
