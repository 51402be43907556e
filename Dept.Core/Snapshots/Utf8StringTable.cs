using System.Runtime.CompilerServices;
using System.Buffers.Binary;

namespace Dept.Core.Snapshots;

/// <summary>
/// Interned strings keyed by their UTF-8 bytes, for <see cref="LeanDocumentReader"/> (#12): a repeated class id,
/// name, function or file in a report costs a hash and a byte comparison, not a transcoding and an allocation.
/// </summary>
/// <remarks>
/// Not thread-safe (one per read). A chain longer than <see cref="MaxChain"/> (only a file crafted to collide) stops
/// interning into that bucket rather than turning every lookup into a long walk.
/// </remarks>
internal sealed class Utf8StringTable
{
    private const int MaxChain = 16;

    private int[] _buckets = new int[4096];
    private Entry[] _entries = new Entry[4096];
    private int _count;

    /// <summary>The hash of <paramref name="utf8"/> (not randomized: see <see cref="MaxChain"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Hash(ReadOnlySpan<byte> utf8)
    {
        const ulong Prime = 0x9E3779B97F4A7C15;
        var h = (ulong)utf8.Length * Prime;
        while (utf8.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Prime;
            h ^= h >> 29;
            utf8 = utf8[8..];
        }

        foreach (var b in utf8)
        {
            h = (h ^ b) * Prime;
        }

        h ^= h >> 32;
        return (int)h & int.MaxValue;
    }

    /// <summary>The string added for these bytes, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Find(ReadOnlySpan<byte> utf8, int hash)
    {
        for (var i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = _entries[i].Next - 1)
        {
            ref var entry = ref _entries[i];
            if (entry.Hash == hash && utf8.SequenceEqual(entry.Key))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Adds <paramref name="value"/> (the text of <paramref name="utf8"/>, which <see cref="Find"/> did not find).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<byte> utf8, int hash, string value)
    {
        var chain = 0;
        for (var i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = _entries[i].Next - 1)
        {
            if (++chain >= MaxChain)
            {
                return;
            }
        }

        if (_count == _entries.Length)
        {
            Grow();
        }

        ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
        _entries[_count] = new Entry { Key = utf8.ToArray(), Value = value, Hash = hash, Next = bucket };
        bucket = ++_count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        Array.Resize(ref _entries, _entries.Length * 2);
        _buckets = new int[_entries.Length];
        for (var i = 0; i < _count; i++)
        {
            ref var bucket = ref _buckets[_entries[i].Hash & (_buckets.Length - 1)];
            _entries[i].Next = bucket;
            bucket = i + 1;
        }
    }

    private struct Entry
    {
        public byte[] Key;
        public string Value;
        public int Hash;
        public int Next;
    }
}
