namespace Dept.Core.Tracking;

/// <summary>
/// Edge records by index (1-based), in chunks: growing never copies what is stored, and nothing is allocated per
/// record. Not thread-safe: the engine uses it under its graph lock.
/// </summary>
internal sealed class EdgeRecordStore
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private EdgeRecord[][] _chunks = new EdgeRecord[4][];
    private int _count;

    /// <summary>Gets the number of records.</summary>
    public int Count => _count;

    /// <summary>Approximate bytes held.</summary>
    public long ApproximateBytes
    {
        get
        {
            long bytes = _chunks.Length * 8L;
            foreach (var c in _chunks)
            {
                bytes += c is null ? 0 : c.Length * 48L;
            }

            return bytes;
        }
    }

    /// <summary>Gets the record with this index (1 to <see cref="Count"/>).</summary>
    public ref EdgeRecord this[int index]
    {
        get
        {
            var i = index - 1;
            return ref _chunks[i >> ChunkBits][i & (ChunkSize - 1)];
        }
    }

    /// <summary>Appends a record and returns its index.</summary>
    public int Add(in EdgeRecord record)
    {
        var i = _count;
        var chunk = i >> ChunkBits;
        if (chunk == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        // The first chunk starts small: most engines (one per test) see a handful of edges.
        var offset = i & (ChunkSize - 1);
        var c = _chunks[chunk];
        if (c is null || offset == c.Length)
        {
            var size = chunk == 0 ? Math.Min(ChunkSize, Math.Max(16, (c?.Length ?? 0) * 2)) : ChunkSize;
            var bigger = new EdgeRecord[size];
            if (c is not null)
            {
                Array.Copy(c, bigger, c.Length);
            }

            _chunks[chunk] = c = bigger;
        }

        c[offset] = record;
        _count = i + 1;
        return i + 1;
    }
}
