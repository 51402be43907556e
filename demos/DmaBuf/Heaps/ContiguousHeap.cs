using DmaBuf.Buffers;
using DmaBuf.Locking;

namespace DmaBuf.Heaps;

/// <summary>
/// A physically contiguous, cacheable region (the CMA heap, named <c>default_cma_region</c> since 6.17, seed 001).
/// Every buffer is one contiguous range, so a fragmented region can fail even with enough free bytes in total.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ContiguousHeap : DmaHeap
{
    /// <summary>The default region's stable name.</summary>
    public const string DefaultRegionName = "default_cma_region";

    private readonly SortedList<ulong, ulong> _free = [];

    /// <summary>Creates the heap over [<paramref name="baseAddress"/>, +<paramref name="capacityBytes"/>).</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="capacityBytes">The region size, a multiple of the page size.</param>
    /// <param name="baseAddress">The region's device address.</param>
    /// <param name="name">The region name; <see cref="DefaultRegionName"/> by default.</param>
    public ContiguousHeap(DmaRuntime runtime, ulong capacityBytes, ulong baseAddress = 0x4200_0000, string name = DefaultRegionName)
        : base(runtime, name, capacityBytes)
    {
        if (capacityBytes % PageSize != 0)
        {
            throw new ArgumentException($"capacity {capacityBytes} is not a multiple of the page size", nameof(capacityBytes));
        }

        _free.Add(baseAddress, capacityBytes);
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the region's device address.</summary>
    public ulong BaseAddress { get; }

    /// <inheritdoc/>
    public override string Description => "cacheable, physically contiguous";

    /// <inheritdoc/>
    public override bool IsContiguous => true;

    /// <inheritdoc/>
    protected override DmaBuffer AllocateCore(ulong length)
    {
        // cma_alloc may migrate pages away, which can reclaim.
        MemoryReclaim.MightReclaim();
        Charge(length);
        ulong address;
        try
        {
            address = Reserve(length);
        }
        catch (InsufficientMemoryException)
        {
            Uncharge(length);
            throw;
        }

        var chunk = new HeapChunk(new DmaSegment(address, length), new byte[length]);
        var exporter = new HeapBuffer(this, [chunk], length, () => Free(address, length));
        return DmaBuffer.Export(Runtime, exporter);
    }

    private ulong Reserve(ulong length)
    {
        lock (_free)
        {
            foreach (var (start, size) in _free)
            {
                if (size >= length)
                {
                    _free.Remove(start);
                    if (size > length)
                    {
                        _free.Add(start + length, size - length);
                    }

                    return start;
                }
            }

            var free = _free.Values.Aggregate(0UL, (a, b) => a + b);
            throw OutOfMemory(length, $"no contiguous range that large; {free} bytes free in {_free.Count} range(s)");
        }
    }

    private void Free(ulong address, ulong length)
    {
        lock (_free)
        {
            _free.Add(address, length);
            var i = _free.IndexOfKey(address);
            if (i + 1 < _free.Count && address + length == _free.Keys[i + 1])
            {
                _free[address] = length + _free.Values[i + 1];
                _free.RemoveAt(i + 1);
            }

            if (i > 0 && _free.Keys[i - 1] + _free.Values[i - 1] == address)
            {
                _free[_free.Keys[i - 1]] += _free[address];
                _free.Remove(address);
            }
        }

        Uncharge(length);
    }
}
