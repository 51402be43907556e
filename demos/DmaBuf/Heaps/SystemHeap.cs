using DmaBuf.Buffers;
using DmaBuf.Locking;

namespace DmaBuf.Heaps;

/// <summary>
/// The <c>system</c> heap: virtually contiguous, cacheable memory built greedily from 1 MiB, 64 KiB and 4 KiB
/// chunks at scattered device addresses. Small orders may enter direct reclaim (<see cref="MemoryReclaim"/>), so a
/// heap allocation must never sit in a signalling section (D3).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SystemHeap : DmaHeap
{
    /// <summary>The heap's stable name.</summary>
    public const string HeapName = "system";

    private static readonly int[] s_orders = [8, 4, 0];
    private long _nextFrame = 0x10_0000;

    /// <summary>Creates the heap.</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="capacityBytes">How much memory the system can give.</param>
    public SystemHeap(DmaRuntime runtime, ulong capacityBytes)
        : base(runtime, HeapName, capacityBytes)
    {
    }

    /// <inheritdoc/>
    public override string Description => "cacheable, virtually contiguous";

    /// <inheritdoc/>
    public override bool IsContiguous => false;

    /// <inheritdoc/>
    protected override DmaBuffer AllocateCore(ulong length)
    {
        Charge(length);
        var chunks = new List<HeapChunk>();
        var left = length;
        var maxOrder = s_orders[0];
        foreach (var order in s_orders.Where(o => o <= maxOrder))
        {
            var chunkBytes = PageSize << order;
            while (left >= chunkBytes)
            {
                if (order < 8)
                {
                    // Orders 4 and 0 allocate with reclaim allowed (GFP_KERNEL): shrinkers may run.
                    MemoryReclaim.MightReclaim();
                }

                // Scattered frames: a gap after each chunk, so the device sees several segments.
                var frame = Interlocked.Add(ref _nextFrame, (long)(chunkBytes / PageSize) + 1) - (long)(chunkBytes / PageSize) - 1;
                chunks.Add(new HeapChunk(new DmaSegment((ulong)frame * PageSize, chunkBytes), new byte[chunkBytes]));
                left -= chunkBytes;
            }
        }

        var exporter = new HeapBuffer(this, chunks, length, () => Uncharge(length));
        return DmaBuffer.Export(Runtime, exporter);
    }
}
