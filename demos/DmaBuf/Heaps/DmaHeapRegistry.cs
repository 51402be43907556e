using DmaBuf.Buffers;

namespace DmaBuf.Heaps;

/// <summary>
/// The registered heaps (<c>/dev/dma_heap/</c>) and the allocation ioctl (<c>DMA_HEAP_IOCTL_ALLOC</c>) with the
/// kernel's validation order. Bad input is an <see cref="ArgumentException"/> naming the reason; nothing is
/// allocated then.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class DmaHeapRegistry
{
    /// <summary>The most heaps that can be registered (<c>NUM_HEAP_MINORS</c>).</summary>
    public const int MaxHeaps = 128;

    private const DmaFdFlags ValidFdFlags = DmaFdFlags.CloseOnExec | DmaFdFlags.WriteOnly | DmaFdFlags.ReadWrite;
    private readonly Dictionary<string, DmaHeap> _heaps = new(StringComparer.Ordinal);

    /// <summary>Gets the registered heaps.</summary>
    public IReadOnlyCollection<DmaHeap> Heaps
    {
        get
        {
            lock (_heaps)
            {
                return [.. _heaps.Values];
            }
        }
    }

    /// <summary>Registers a heap (<c>dma_heap_add</c>).</summary>
    /// <param name="heap">The heap.</param>
    /// <returns>Its minor number.</returns>
    /// <exception cref="ArgumentException">The name is taken, or all minors are in use.</exception>
    public int Add(DmaHeap heap)
    {
        ArgumentNullException.ThrowIfNull(heap);
        lock (_heaps)
        {
            if (_heaps.ContainsKey(heap.Name))
            {
                throw new ArgumentException($"dma_heap: Already registered heap named {heap.Name}", nameof(heap));
            }

            if (_heaps.Count == MaxHeaps)
            {
                throw new ArgumentException($"dma_heap: all {MaxHeaps} minors are in use", nameof(heap));
            }

            _heaps.Add(heap.Name, heap);
            return _heaps.Count - 1;
        }
    }

    /// <summary>Finds a heap by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="heap">The heap, if found.</param>
    /// <returns><see langword="true"/> if found.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DmaHeap? heap)
    {
        lock (_heaps)
        {
            return _heaps.TryGetValue(name, out heap);
        }
    }

    /// <summary>
    /// Allocates from the heap named <paramref name="heapName"/>: unknown heap, unknown fd flags, any heap flag, a
    /// zero length or one that overflows when page-aligned are rejected in that order.
    /// </summary>
    /// <param name="heapName">The heap, e.g. <c>system</c> or <c>default_cma_region</c>.</param>
    /// <param name="length">The length; rounded up to the page size.</param>
    /// <param name="fdFlags">Access mode and close-on-exec.</param>
    /// <param name="heapFlags">Must be <see cref="DmaHeapFlags.None"/>.</param>
    /// <returns>The buffer.</returns>
    /// <exception cref="ArgumentException">Bad input; the message names the reason.</exception>
    /// <exception cref="InsufficientMemoryException">The heap is full.</exception>
    public DmaBuffer Allocate(string heapName, ulong length, DmaFdFlags fdFlags = DmaFdFlags.ReadWrite | DmaFdFlags.CloseOnExec, DmaHeapFlags heapFlags = DmaHeapFlags.None)
    {
        ArgumentNullException.ThrowIfNull(heapName);
        if (!TryGet(heapName, out var heap))
        {
            throw new ArgumentException($"no dma heap named '{heapName}'", nameof(heapName));
        }

        if ((fdFlags & ~ValidFdFlags) != 0)
        {
            throw new ArgumentException($"unknown fd flags 0x{(int)(fdFlags & ~ValidFdFlags):x}; only O_CLOEXEC and the access mode are allowed", nameof(fdFlags));
        }

        if (heapFlags != DmaHeapFlags.None)
        {
            throw new ArgumentException($"unknown heap flags 0x{(ulong)heapFlags:x}; no heap flags are defined", nameof(heapFlags));
        }

        if (length == 0)
        {
            throw new ArgumentException("length is zero", nameof(length));
        }

        if (length > ulong.MaxValue - (DmaHeap.PageSize - 1))
        {
            throw new ArgumentException($"length {length} overflows when rounded up to the page size", nameof(length));
        }

        var aligned = (length + DmaHeap.PageSize - 1) & ~(DmaHeap.PageSize - 1);
        return heap.Allocate(aligned);
    }
}
