using DmaBuf.Buffers;

namespace DmaBuf.Heaps;

/// <summary>
/// A dma-buf heap (<c>struct dma_heap</c>): a named memory region userspace allocates buffers from. Names follow
/// the convention in seeds 000/001: stable, describing the region, never the allocator.
/// </summary>
/// <remarks>Thread-safe. Capacity is bounded; running out is a clear <see cref="InsufficientMemoryException"/>.</remarks>
public abstract class DmaHeap
{
    /// <summary>The page size every length is rounded up to.</summary>
    public const ulong PageSize = 4096;

    private long _used;

    /// <summary>Creates a heap.</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="name">The heap name.</param>
    /// <param name="capacityBytes">The region's size.</param>
    protected DmaHeap(DmaRuntime runtime, string name, ulong capacityBytes)
    {
        Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfZero(capacityBytes);
        Name = name;
        CapacityBytes = capacityBytes;
    }

    /// <summary>Gets the runtime.</summary>
    public DmaRuntime Runtime { get; }

    /// <summary>Gets the name (<c>/dev/dma_heap/&lt;name&gt;</c>).</summary>
    public string Name { get; }

    /// <summary>Gets what the region is: its buffer properties, as the naming convention asks.</summary>
    public abstract string Description { get; }

    /// <summary>Gets a value indicating whether buffers are physically contiguous.</summary>
    public abstract bool IsContiguous { get; }

    /// <summary>Gets the region's size in bytes.</summary>
    public ulong CapacityBytes { get; }

    /// <summary>Gets the bytes currently allocated.</summary>
    public ulong UsedBytes => (ulong)Interlocked.Read(ref _used);

    /// <summary>Allocates a buffer of <paramref name="length"/> bytes, already page-aligned and validated.</summary>
    /// <param name="length">The length, a non-zero multiple of <see cref="PageSize"/>.</param>
    /// <returns>The exported buffer.</returns>
    /// <exception cref="InsufficientMemoryException">The region cannot hold it.</exception>
    public DmaBuffer Allocate(ulong length)
    {
        if (length == 0 || length % PageSize != 0)
        {
            throw new ArgumentException($"length {length} must be a non-zero multiple of the page size", nameof(length));
        }

        return AllocateCore(length);
    }

    /// <summary>Allocates the backing storage and exports the buffer.</summary>
    /// <param name="length">The page-aligned length.</param>
    /// <returns>The buffer.</returns>
    protected abstract DmaBuffer AllocateCore(ulong length);

    /// <summary>Charges <paramref name="length"/> bytes to the region, or throws if it is full; nothing is charged then.</summary>
    /// <param name="length">The bytes.</param>
    /// <exception cref="InsufficientMemoryException">Out of memory.</exception>
    protected void Charge(ulong length)
    {
        long used;
        do
        {
            used = Interlocked.Read(ref _used);
            if ((ulong)used + length > CapacityBytes)
            {
                throw OutOfMemory(length, $"{used} of {CapacityBytes} bytes in use");
            }
        }
        while (Interlocked.CompareExchange(ref _used, used + (long)length, used) != used);
    }

    /// <summary>Returns bytes to the region.</summary>
    /// <param name="length">The bytes.</param>
    protected internal void Uncharge(ulong length) => Interlocked.Add(ref _used, -(long)length);

    /// <summary>Builds the out-of-memory error.</summary>
    /// <param name="length">The requested bytes.</param>
    /// <param name="why">The reason.</param>
    /// <returns>The exception.</returns>
    protected InsufficientMemoryException OutOfMemory(ulong length, string why) =>
        new($"dma heap '{Name}': out of memory allocating {length} bytes ({why}).");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Description})";
}
