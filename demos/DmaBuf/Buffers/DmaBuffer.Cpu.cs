using DmaBuf.Fences;
using DmaBuf.Reservation;

namespace DmaBuf.Buffers;

public sealed partial class DmaBuffer
{
    /// <summary>Gets a value indicating whether a CPU access bracket is open.</summary>
    public bool InCpuAccess => Volatile.Read(ref _cpuAccess) > 0;

    /// <summary>
    /// Starts CPU access (<c>dma_buf_begin_cpu_access</c>, <c>DMA_BUF_IOCTL_SYNC START</c>): the exporter prepares
    /// (unlocked), then the call waits for the implicit fences: a write waits for reads and writes, a read for
    /// writes. The caller must not hold the reservation lock.
    /// </summary>
    /// <param name="direction">The access direction.</param>
    /// <param name="cancellationToken">Interrupts the wait (the ioctl returns and must be restarted).</param>
    /// <returns>The wait outcome; CPU access is open only when it is <see cref="FenceWaitStatus.Signaled"/>.</returns>
    public FenceWaitResult BeginCpuAccess(DmaDataDirection direction, CancellationToken cancellationToken = default)
    {
        Exporter.BeginCpuAccess(direction);
        var usage = DmaResvUsages.ForAccess(direction != DmaDataDirection.FromDevice);
        var result = Resv.WaitTimeout(usage, Timeout.InfiniteTimeSpan, cancellationToken);
        if (result.IsSignaled)
        {
            Interlocked.Increment(ref _cpuAccess);
        }

        return result;
    }

    /// <summary>Ends CPU access (<c>dma_buf_end_cpu_access</c>, <c>DMA_BUF_IOCTL_SYNC END</c>).</summary>
    /// <param name="direction">The access direction.</param>
    public void EndCpuAccess(DmaDataDirection direction)
    {
        if (Interlocked.Decrement(ref _cpuAccess) < 0)
        {
            Interlocked.Increment(ref _cpuAccess);
            throw new InvalidOperationException("end_cpu_access without begin_cpu_access.");
        }

        Exporter.EndCpuAccess(direction);
    }

    /// <summary>Reads bytes with the CPU; only inside a CPU access bracket (the mapping is incoherent otherwise).</summary>
    /// <param name="offset">The offset.</param>
    /// <param name="destination">Where to copy.</param>
    public void CpuRead(ulong offset, Span<byte> destination)
    {
        CheckCpuRange(offset, (ulong)destination.Length);
        Exporter.Read(offset, destination);
    }

    /// <summary>Writes bytes with the CPU; only inside a CPU access bracket.</summary>
    /// <param name="offset">The offset.</param>
    /// <param name="source">What to copy.</param>
    public void CpuWrite(ulong offset, ReadOnlySpan<byte> source)
    {
        CheckCpuRange(offset, (ulong)source.Length);
        Exporter.Write(offset, source);
    }

    /// <summary>Maps into the kernel (<c>dma_buf_vmap</c>); the caller holds the reservation lock. Refcounted.</summary>
    public void Vmap()
    {
        AssertResvHeld("dma_buf_vmap");
        if (Interlocked.Increment(ref _vmapCount) == 1)
        {
            Exporter.Vmap();
        }
    }

    /// <summary>Unmaps from the kernel (<c>dma_buf_vunmap</c>); the caller holds the reservation lock.</summary>
    public void Vunmap()
    {
        AssertResvHeld("dma_buf_vunmap");
        var left = Interlocked.Decrement(ref _vmapCount);
        if (left < 0)
        {
            Interlocked.Increment(ref _vmapCount);
            throw new InvalidOperationException("dma_buf_vunmap without dma_buf_vmap.");
        }

        if (left == 0)
        {
            Exporter.Vunmap();
        }
    }

    private void CheckCpuRange(ulong offset, ulong length)
    {
        if (!InCpuAccess)
        {
            throw new InvalidOperationException("CPU access outside begin_cpu_access/end_cpu_access.");
        }

        if (offset > Size || length > Size - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The range exceeds the buffer size {Size}.");
        }
    }
}
