using DmaBuf.Buffers;
using DmaBuf.Locking;

namespace DmaBuf.Heaps;

/// <summary>
/// A heap's exporter (<c>struct system_heap_buffer</c> / <c>cma_heap_buffer</c>): backing chunks, the attachment
/// list and kernel-mapping count under <c>buffer-&gt;lock</c>. Upstream order is resv lock, then buffer lock (the
/// vmap path); D9's buggy exporter inverts it.
/// </summary>
internal sealed class HeapBuffer(DmaHeap heap, IReadOnlyList<HeapChunk> chunks, ulong size, Action release) : DmaBufExporter
{
    /// <summary>The lock class of every heap buffer's lock.</summary>
    public const string LockClass = "heap_buffer.lock";

    private readonly KernelMutex _lock = new(LockClass);
    private readonly List<DmaBufAttachment> _attached = [];
    private int _vmaps;

    public override string ExporterName => heap.Name;

    public override ulong Size => size;

    public int CpuSyncs { get; private set; }

    public override void Attach(DmaBufAttachment attachment)
    {
        _lock.Lock();
        try
        {
            _attached.Add(attachment);
        }
        finally
        {
            _lock.Unlock();
        }
    }

    public override void Detach(DmaBufAttachment attachment)
    {
        _lock.Lock();
        try
        {
            _attached.Remove(attachment);
        }
        finally
        {
            _lock.Unlock();
        }
    }

    // A fresh address list each time: exporters must not hand out cached tables.
    public override DmaMapping Map(DmaBufAttachment attachment, DmaDataDirection direction) =>
        new([.. chunks.Select(c => c.Segment)], direction);

    public override void Unmap(DmaBufAttachment attachment, DmaMapping mapping)
    {
    }

    public override void BeginCpuAccess(DmaDataDirection direction) => SyncMapped();

    public override void EndCpuAccess(DmaDataDirection direction) => SyncMapped();

    public override void Vmap()
    {
        _lock.Lock();
        try
        {
            _vmaps++;
        }
        finally
        {
            _lock.Unlock();
        }
    }

    public override void Vunmap()
    {
        _lock.Lock();
        try
        {
            _vmaps--;
        }
        finally
        {
            _lock.Unlock();
        }
    }

    public override void Read(ulong offset, Span<byte> destination)
    {
        foreach (var (chunk, at, index, count) in Pieces(offset, destination.Length))
        {
            chunk.Pages.AsSpan(at, count).CopyTo(destination.Slice(index, count));
        }
    }

    public override void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        foreach (var (chunk, at, index, count) in Pieces(offset, source.Length))
        {
            source.Slice(index, count).CopyTo(chunk.Pages.AsSpan(at, count));
        }
    }

    public override void Release() => release();

    // Cache maintenance for every mapped attachment, under buffer->lock (system_heap_dma_buf_begin_cpu_access).
    private void SyncMapped()
    {
        _lock.Lock();
        try
        {
            CpuSyncs += _attached.Count(a => a.IsMapped) + (_vmaps > 0 ? 1 : 0);
        }
        finally
        {
            _lock.Unlock();
        }
    }

    // Splits [offset, offset + length) over the chunks: (chunk, offset in chunk, offset in caller's span, count).
    private List<(HeapChunk Chunk, int At, int Index, int Count)> Pieces(ulong offset, int length)
    {
        var pieces = new List<(HeapChunk, int, int, int)>();
        var done = 0;
        var position = 0UL;
        foreach (var chunk in chunks)
        {
            var chunkLength = (ulong)chunk.Pages.Length;
            if (done < length && offset + (ulong)done < position + chunkLength)
            {
                var at = (int)(offset + (ulong)done - position);
                var count = Math.Min(length - done, chunk.Pages.Length - at);
                pieces.Add((chunk, at, done, count));
                done += count;
            }

            position += chunkLength;
        }

        return pieces;
    }
}
