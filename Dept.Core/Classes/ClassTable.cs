using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dept.Core.Annotations;

namespace Dept.Core.Classes;

/// <summary>
/// All classes of one engine, indexed by id (1-based; 0 means none). Lookups by id are lock-free array reads;
/// creation happens under the engine's graph lock.
/// </summary>
internal sealed class ClassTable
{
    private readonly Dictionary<(DeptKey Key, int SubId), int> _byKey = new();
    private readonly int _max;
    private DeptClass?[] _classes = new DeptClass?[64];
    private int _count;

    public ClassTable(int max) => _max = max;

    /// <summary>Gets the number of classes.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets the class with this id; the array is replaced, never mutated in place, on growth.</summary>
    public DeptClass Get(int id) => Volatile.Read(ref _classes)[id]!;

    /// <summary>
    /// Gets the class with this id, or null if this thread cannot see it yet: for the handler-free fast paths, which
    /// read a class id cached racily on a key and must not throw (a weakly ordered processor may show the id before
    /// the grown array).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DeptClass? Find(int id)
    {
        var classes = Volatile.Read(ref _classes);
        return (uint)id < (uint)classes.Length ? classes[id] : null;
    }

    /// <summary>Finds or creates a class. Caller holds the graph lock. Returns 0 when the bound is reached.</summary>
    public int GetOrCreate(DeptKey key, int subId, out bool created)
    {
        created = false;
        if (_byKey.TryGetValue((key, subId), out var id))
        {
            return id;
        }

        if (_count >= _max)
        {
            return 0;
        }

        id = _count + 1;
        if (id >= _classes.Length)
        {
            var bigger = new DeptClass?[_classes.Length * 2];
            Array.Copy(_classes, bigger, _classes.Length);
            Volatile.Write(ref _classes, bigger);
        }

        _classes[id] = new DeptClass(id, key, subId);
        _byKey.Add((key, subId), id);
        Volatile.Write(ref _count, id);
        created = true;
        Debug.Assert(Get(id).Id == id, "class ids index the table");
        return id;
    }

    /// <summary>Enumerates classes in creation order.</summary>
    public IEnumerable<DeptClass> All()
    {
        var classes = Volatile.Read(ref _classes);
        var count = Count;
        for (var i = 1; i <= count; i++)
        {
            yield return classes[i]!;
        }
    }

    /// <summary>Approximate bytes held by the table.</summary>
    public long ApproximateBytes => (_classes.Length * 8L) + (_count * 96L);
}
