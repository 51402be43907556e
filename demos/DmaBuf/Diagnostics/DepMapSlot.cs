using System.Runtime.CompilerServices;

namespace DmaBuf.Diagnostics;

/// <summary>
/// The per-instance slot a lock validator keeps its state in: the kernel's <c>struct lockdep_map dep_map</c>
/// embedded in every lock and fence under <c>CONFIG_DEBUG_LOCK_ALLOC</c>. The model never reads it; a tracker's
/// patches do (DmaBuf.Dept), which saves them a side-table lookup on every lock and wait.
/// </summary>
/// <remarks>Thread-safe: the first value set wins.</remarks>
internal struct DepMapSlot
{
    private object? _value;

    public readonly object? Current => Volatile.Read(ref Unsafe.AsRef(in _value));

    public T GetOrCreate<TOwner, T>(TOwner owner, Func<TOwner, T> create)
        where T : class
    {
        if (Volatile.Read(ref _value) is T existing)
        {
            return existing;
        }

        var created = create(owner);
        return Interlocked.CompareExchange(ref _value, created, null) as T ?? created;
    }
}
