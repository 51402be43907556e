using System.Numerics;
using System.Runtime.CompilerServices;

namespace Dept.Core.Graph;

/// <summary>
/// The known edges as 64-bit keys (<c>from &lt;&lt; 32 | to</c>) in an open-addressing table, each with an int value
/// (the engine's record index) in the same 16-byte slot: the probe that finds a key has its value in the same cache
/// line, and adding a new edge writes the line the probe just read, not a line of a separate value array as well
/// (a cache miss of its own at 1,000,000 edges; issue #12). Readers probe the keys without any lock (DEPT's lockless <c>lookup_dep</c>); writers
/// add under the graph lock and publish a grown table with one volatile write. A reader holding the old table may
/// miss a just-added key: it then takes the slow path, which re-checks under the lock, so a miss costs time, never
/// correctness.
/// </summary>
/// <remarks>
/// Slots come from Fibonacci hashing of the whole key (<see cref="SlotOf"/>). The raw key must never be the hash: <c>long</c>'s
/// own hash is <c>from ^ to</c>, under which the edges of a chain of close ids all collide (66 µs per new edge of a
/// 100,000-class chain before this table was keyed by the mix).
/// </remarks>
internal sealed class EdgeSet
{
    private Slot[] _slots = new Slot[256];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public long ApproximateBytes => Volatile.Read(ref _slots).Length * 16L;

    public static long Key(int from, int to) => ((long)from << 32) | (uint)to;

    /// <summary>A 64-bit finalizer (the multiply-xorshift of SplitMix64): every key bit reaches the low bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(long key)
    {
        var h = (ulong)key * 0x9E3779B97F4A7C15UL;
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9UL;
        return h ^ (h >> 29);
    }

    /// <summary>
    /// The slot of a key in a table of <c>mask + 1</c> (a power of two) slots: an xor-shift that folds <c>from</c>
    /// into <c>to</c>, then Fibonacci hashing (the top bits of the product with 2^64/phi). Fibonacci hashing alone
    /// keeps the linear structure of a chain's keys (<c>i &lt;&lt; 32 | i + 1</c>: twice the probes of random keys);
    /// the fold breaks it. One multiply on the hot path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SlotOf(long key, int mask)
    {
        var k = (ulong)key;
        k ^= k >> 29;
        return (int)((k * 0x9E3779B97F4A7C15UL) >> BitOperations.LeadingZeroCount((ulong)(uint)mask)) & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(long key)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        var i = SlotOf(key, mask);
        while (true)
        {
            var v = Volatile.Read(ref slots[i].Key);
            if (v == key)
            {
                return true;
            }

            if (v == 0)
            {
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>Gets the value of a key. Caller holds the graph lock.</summary>
    public bool TryGetValue(long key, out int value)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = SlotOf(key, mask);
        while (true)
        {
            ref var slot = ref slots[i];
            var v = slot.Key;
            if (v == key)
            {
                value = slot.Value;
                return true;
            }

            if (v == 0)
            {
                value = 0;
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>Adds a key. Caller holds the graph lock. Returns false if it was present.</summary>
    public bool Add(long key, int value = 0)
    {
        if (Contains(key))
        {
            return false;
        }

        if ((_count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        Insert(_slots, key, value);
        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    private void Grow()
    {
        var old = _slots;
        var slots = new Slot[old.Length * 2];
        foreach (ref readonly var slot in old.AsSpan())
        {
            if (slot.Key != 0)
            {
                Insert(slots, slot.Key, slot.Value);
            }
        }

        Volatile.Write(ref _slots, slots);
    }

    private static void Insert(Slot[] slots, long key, int value)
    {
        var mask = slots.Length - 1;
        var i = SlotOf(key, mask);
        while (slots[i].Key != 0)
        {
            i = (i + 1) & mask;
        }

        // The value first: a reader that sees the key (published by the volatile write) sees its value too.
        slots[i].Value = value;
        Volatile.Write(ref slots[i].Key, key);
    }

    /// <summary>A key and its value side by side (16 bytes with padding: four slots per cache line).</summary>
    private struct Slot
    {
        public long Key;
        public int Value;
    }
}
