namespace Dept.Core.Graph;

/// <summary>
/// The set of known edges as 64-bit keys (<c>from &lt;&lt; 32 | to</c>) in an open-addressing table. Readers
/// probe without any lock (DEPT's lockless <c>lookup_dep</c>); writers add under the graph lock and publish a
/// grown table with one volatile write. A reader holding the old table may miss a just-added key: it then takes
/// the slow path, which re-checks under the lock, so a miss costs time, never correctness.
/// </summary>
internal sealed class EdgeSet
{
    private long[] _slots = new long[1024];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public long ApproximateBytes => Volatile.Read(ref _slots).Length * 8L;

    public static long Key(int from, int to) => ((long)from << 32) | (uint)to;

    public bool Contains(long key)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        var i = Slot(key, mask);
        while (true)
        {
            var v = Volatile.Read(ref slots[i]);
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

    /// <summary>Adds a key. Caller holds the graph lock. Returns false if it was present.</summary>
    public bool Add(long key)
    {
        if (Contains(key))
        {
            return false;
        }

        if ((_count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        Insert(_slots, key);
        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    private void Grow()
    {
        var old = _slots;
        var bigger = new long[old.Length * 2];
        foreach (var k in old)
        {
            if (k != 0)
            {
                Insert(bigger, k);
            }
        }

        Volatile.Write(ref _slots, bigger);
    }

    private static void Insert(long[] slots, long key)
    {
        var mask = slots.Length - 1;
        var i = Slot(key, mask);
        while (slots[i] != 0)
        {
            i = (i + 1) & mask;
        }

        Volatile.Write(ref slots[i], key);
    }

    private static int Slot(long key, int mask) => (int)((ulong)(key * -7046029254386353131L) >> 40) & mask;
}
