using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dept.Core.Graph;

/// <summary>
/// What the cycle check of a new edge reads and writes of one class, together: 32 bytes, so that inserting an edge
/// touches the source's and the target's entry (one cache line each at most, with their order positions when they
/// are their own components, the common case) and the tails of their two adjacency arrays. Four arrays indexed by
/// class (order, component, out-list, in-list) cost a cache miss each at 100,000 classes (issue #12).
/// </summary>
internal struct GraphNode
{
    /// <summary>Successors; the first <see cref="OutCount"/> are used.</summary>
    public int[]? Out;

    /// <summary>Predecessors; the first <see cref="InCount"/> are used.</summary>
    public int[]? In;

    public int OutCount;

    public int InCount;

    /// <summary>The representative of this node's strongly connected component (itself when alone).</summary>
    public int Scc;

    /// <summary>The position in the topological order over components; meaningful on a representative only.</summary>
    public int Ord;

    public readonly ReadOnlySpan<int> Successors => Out is null ? default : Out.AsSpan(0, OutCount);

    public readonly ReadOnlySpan<int> Predecessors => In is null ? default : In.AsSpan(0, InCount);

    /// <summary>Appends a successor; <paramref name="bytes"/> grows by what a new or larger array costs.</summary>
    public void AddOut(int node, ref long bytes) => Add(ref Out, ref OutCount, node, ref bytes);

    /// <summary>Appends a predecessor; <paramref name="bytes"/> grows by what a new or larger array costs.</summary>
    public void AddIn(int node, ref long bytes) => Add(ref In, ref InCount, node, ref bytes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref int[]? items, ref int count, int node, ref long bytes)
    {
        var array = items;
        var used = count;
        if (array is not null && HasRoom(used))
        {
            // Known non-null here, so the store needs no null check, which would be a load of the array's header.
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), used) = node;
            count = used + 1;
        }
        else
        {
            bytes += Append(ref items, ref count, node);
        }
    }

    // Arrays start at 4 and double when full, so an array is full exactly when its count is 4 or more and a power of
    // two: the append knows that from the count in this entry, without reading the array's length. The tail is then
    // only written, never read, and a store that misses the cache does not stall the way the length load did (the
    // largest single cost of a new edge at 100,000 classes, issue #12).
    private static bool HasRoom(int count) => count < 4 || (count & (count - 1)) != 0;

    // Returns the bytes added (an array's 24-byte header and its items): the graph keeps a running total, so that
    // dept_stats never walks 100,000 classes' arrays under the graph lock (milliseconds at that size).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Append(ref int[]? items, ref int count, int node)
    {
        long added;
        if (items is null)
        {
            items = new int[4];
            added = 24 + (4 * 4);
        }
        else
        {
            Debug.Assert(items.Length == count, "arrays grow 4, 8, 16, ...: full exactly at a power of two");
            Array.Resize(ref items, count * 2);
            added = count * 4L;
        }

        items[count++] = node;
        return added;
    }
}
