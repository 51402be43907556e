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
    private readonly DmaRuntime? _runtime;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="runtime">Where refused registrations are logged (as the kernel's <c>pr_err</c>); none by default.</param>
    public DmaHeapRegistry(DmaRuntime? runtime = null) => _runtime = runtime;

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

    /// <summary>
    /// Registers a heap (<c>dma_heap_add</c>). Its name must follow the naming rules (<see cref="HeapNames"/>); a bad
    /// name is refused with an error naming the rule, and nothing is registered.
    /// </summary>
    /// <param name="heap">The heap.</param>
    /// <returns>Its minor number.</returns>
    /// <exception cref="ArgumentException">The name breaks a naming rule or is taken, or all minors are in use.</exception>
    public int Add(DmaHeap heap)
    {
        ArgumentNullException.ThrowIfNull(heap);
        if (HeapNames.Problem(heap.Name) is { } problem)
        {
            throw Refuse(problem, nameof(heap));
        }

        return AddUnder(heap.Name, heap);
    }

    /// <summary>
    /// Registers a second device node for <paramref name="heap"/> under one of its legacy names
    /// (<c>CONFIG_DMABUF_HEAPS_CMA_LEGACY</c>, seed 001), with its own minor. Only the legacy CMA names are accepted.
    /// </summary>
    /// <param name="heap">A registered heap.</param>
    /// <param name="legacyName">The old name, e.g. <c>reserved</c> or <c>linux,cma</c>.</param>
    /// <returns>The alias's minor number.</returns>
    /// <exception cref="ArgumentException">Not a legacy name, the same as the heap's name, or already taken.</exception>
    public int AddLegacyAlias(DmaHeap heap, string legacyName)
    {
        ArgumentNullException.ThrowIfNull(heap);
        if (string.Equals(heap.Name, legacyName, StringComparison.Ordinal))
        {
            throw Refuse($"dma_heap: legacy name '{legacyName}' is the heap's own name; not adding a second node", nameof(legacyName));
        }

        if (!HeapNames.LegacyCmaNames.Contains(legacyName, StringComparer.Ordinal))
        {
            throw Refuse($"dma_heap: '{legacyName}' is not a legacy heap name ({string.Join(", ", HeapNames.LegacyCmaNames)}); new names follow the naming rules", nameof(legacyName));
        }

        return AddUnder(legacyName, heap);
    }

    private ArgumentException Refuse(string problem, string parameter)
    {
        _runtime?.Warnings.Warn(Diagnostics.DmaWarningCode.HeapNameRejected, problem);
        return new ArgumentException(problem, parameter);
    }

    private int AddUnder(string name, DmaHeap heap)
    {
        lock (_heaps)
        {
            if (_heaps.ContainsKey(name))
            {
                throw Refuse($"dma_heap: Already registered heap named {name}", nameof(heap));
            }

            if (_heaps.Count == MaxHeaps)
            {
                throw new ArgumentException($"dma_heap: all {MaxHeaps} minors are in use", nameof(heap));
            }

            _heaps.Add(name, heap);
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
