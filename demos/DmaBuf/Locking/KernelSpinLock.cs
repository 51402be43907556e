using DmaBuf.Diagnostics;
namespace DmaBuf.Locking;

/// <summary>
/// A non-recursive spinlock (the kernel's <c>spinlock_t</c>, taken with IRQs off in the fence code). Re-taking it
/// from the holder throws <see cref="LockRecursionException"/> where the kernel would spin forever (scenario D4).
/// </summary>
/// <remarks>Thread-safe. Owner-affine: only the holder may unlock.</remarks>
public sealed class KernelSpinLock
{
    private DepMapSlot _depMap;
    private readonly OwnedLock _lock;

    /// <summary>Creates a spinlock.</summary>
    /// <param name="className">The lock class (lockdep's key: one per kind of lock, shared by its instances).</param>
    public KernelSpinLock(string className)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        ClassName = className;
        _lock = new OwnedLock("spinlock", className);
    }

    /// <summary>Gets the lock class name.</summary>
    public string ClassName { get; }

    /// <summary>Gets a value indicating whether the calling thread holds the lock (<c>lockdep_assert_held</c>).</summary>
    public bool IsHeldByCurrentThread => _lock.IsHeldByCurrentThread;

    /// <summary>
    /// Returns the lock validator's state for this instance (the kernel's embedded <c>dep_map</c>), creating it on
    /// first use with <paramref name="create"/>. The model never reads it.
    /// </summary>
    /// <typeparam name="T">The validator's type.</typeparam>
    /// <param name="create">Creates the state from this instance; called at most once per winning thread.</param>
    /// <returns>The state.</returns>
    public T GetDepMap<T>(Func<KernelSpinLock, T> create)
        where T : class => _depMap.GetOrCreate(this, create);

    /// <summary>Takes the lock (<c>spin_lock_irqsave</c>).</summary>
    public void Lock() => _lock.Enter();

    /// <summary>Releases the lock (<c>spin_unlock_irqrestore</c>).</summary>
    public void Unlock() => _lock.Exit();

    /// <inheritdoc/>
    public override string ToString() => $"spinlock {ClassName}";
}
