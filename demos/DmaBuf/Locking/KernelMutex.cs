using DmaBuf.Diagnostics;
namespace DmaBuf.Locking;

/// <summary>
/// A sleeping, non-recursive mutex (the kernel's <c>struct mutex</c>). Locking it twice from the holder throws
/// <see cref="LockRecursionException"/> where the kernel would hang.
/// </summary>
/// <remarks>Thread-safe. Owner-affine: only the holder may unlock.</remarks>
public sealed class KernelMutex
{
    private DepMapSlot _depMap;
    private readonly OwnedLock _lock;

    /// <summary>Creates a mutex.</summary>
    /// <param name="className">The lock class (lockdep's key: one per kind of lock, shared by its instances).</param>
    public KernelMutex(string className)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        ClassName = className;
        _lock = new OwnedLock("mutex", className);
    }

    /// <summary>Gets the lock class name.</summary>
    public string ClassName { get; }

    /// <summary>Gets a value indicating whether any thread holds the mutex.</summary>
    public bool IsLocked => _lock.IsLocked;

    /// <summary>Gets a value indicating whether the calling thread holds the mutex.</summary>
    public bool IsHeldByCurrentThread => _lock.IsHeldByCurrentThread;

    /// <summary>
    /// Returns the lock validator's state for this instance (the kernel's embedded <c>dep_map</c>), creating it on
    /// first use with <paramref name="create"/>. The model never reads it.
    /// </summary>
    /// <typeparam name="T">The validator's type.</typeparam>
    /// <param name="create">Creates the state from this instance; called at most once per winning thread.</param>
    /// <returns>The state.</returns>
    public T GetDepMap<T>(Func<KernelMutex, T> create)
        where T : class => _depMap.GetOrCreate(this, create);

    /// <summary>Takes the mutex, sleeping while another thread holds it (<c>mutex_lock</c>).</summary>
    public void Lock() => _lock.Enter();

    /// <summary>Takes the mutex if it is free (<c>mutex_trylock</c>).</summary>
    /// <returns><see langword="true"/> if taken.</returns>
    public bool TryLock() => _lock.TryEnter();

    /// <summary>Releases the mutex (<c>mutex_unlock</c>).</summary>
    public void Unlock() => _lock.Exit();

    /// <inheritdoc/>
    public override string ToString() => $"mutex {ClassName}";
}
