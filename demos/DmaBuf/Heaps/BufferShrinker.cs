using DmaBuf.Buffers;
using DmaBuf.Locking;
using DmaBuf.Reservation;

namespace DmaBuf.Heaps;

/// <summary>
/// A driver shrinker: under memory reclaim it trylocks idle buffers, waits for all their fences, and evicts them.
/// Waiting for fences from reclaim is allowed (contract rule 4), which is why completion code must not allocate.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class BufferShrinker
{
    private readonly List<DmaBuffer> _lru = [];

    /// <summary>Adds a buffer to the eviction list; the shrinker takes over the caller's reference.</summary>
    /// <param name="buffer">The buffer.</param>
    public void Track(DmaBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (_lru)
        {
            _lru.Add(buffer);
        }
    }

    /// <summary>Gets the number of tracked buffers.</summary>
    public int Count
    {
        get
        {
            lock (_lru)
            {
                return _lru.Count;
            }
        }
    }

    /// <summary>Runs one reclaim pass (<c>scan_objects</c>): evicts up to <paramref name="maxBuffers"/> buffers.</summary>
    /// <param name="maxBuffers">The most to evict.</param>
    /// <returns>The bytes freed.</returns>
    public ulong Scan(int maxBuffers)
    {
        MemoryReclaim.Acquire();
        try
        {
            ulong freed = 0;
            foreach (var buffer in Candidates(maxBuffers))
            {
                freed += Evict(buffer);
            }

            return freed;
        }
        finally
        {
            MemoryReclaim.Release();
        }
    }

    private List<DmaBuffer> Candidates(int max)
    {
        lock (_lru)
        {
            return [.. _lru.Take(max)];
        }
    }

    private ulong Evict(DmaBuffer buffer)
    {
        if (!buffer.Resv.TryLock())
        {
            return 0; // Busy: a shrinker never blocks on a reservation lock.
        }

        try
        {
            var wait = buffer.Resv.WaitTimeout(DmaResvUsage.Bookkeep, Timeout.InfiniteTimeSpan);
            if (!wait.IsSignaled || buffer.Attachments.Count > 0)
            {
                return 0;
            }
        }
        finally
        {
            buffer.Resv.Unlock();
        }

        lock (_lru)
        {
            _lru.Remove(buffer);
        }

        var size = buffer.Size;
        buffer.Put();
        return size;
    }
}
