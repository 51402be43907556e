using DmaBuf.Diagnostics;
using DmaBuf.Fences;

namespace DmaBuf.Reservation;

/// <summary>
/// A reservation object (<c>struct dma_resv</c>): the wound/wait lock of a buffer plus its fences with their
/// usage. Writers hold the lock; readers see an immutable snapshot (the kernel's RCU list).
/// </summary>
/// <remarks>Thread-safe. Locking API: <see cref="Lock"/>, <see cref="LockSlow"/>, <see cref="TryLock"/>, <see cref="Unlock"/>.</remarks>
public sealed partial class ReservationObject
{
    private DepMapSlot _depMap;
    private readonly WwMutex _mutex = new();
    private ResvEntry[] _fences = [];
    private int _reserved;

    /// <summary>Creates a reservation object (<c>dma_resv_init</c>).</summary>
    /// <param name="runtime">The runtime.</param>
    public ReservationObject(DmaRuntime runtime) => Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));

    /// <summary>Gets the runtime.</summary>
    public DmaRuntime Runtime { get; }

    /// <summary>Gets the lock class name (lockdep's <c>reservation_ww_class_mutex</c>).</summary>
    public string LockClassName => Runtime.ReservationClass.Name + "_mutex";

    /// <summary>Gets a value indicating whether the lock is held (<c>dma_resv_is_locked</c>).</summary>
    public bool IsLocked => _mutex.IsLocked;

    /// <summary>Gets a value indicating whether the calling thread holds the lock (<c>dma_resv_held</c>).</summary>
    public bool IsHeldByCurrentThread => _mutex.IsHeldByCurrentThread;

    /// <summary>Gets the acquire context holding the lock, if any (<c>dma_resv_locking_ctx</c>).</summary>
    public WwAcquireContext? LockingContext => _mutex.OwnerContext;

    /// <summary>
    /// Returns the lock validator's state for this instance (the kernel's embedded <c>dep_map</c>), creating it on
    /// first use with <paramref name="create"/>. The model never reads it.
    /// </summary>
    /// <typeparam name="T">The validator's type.</typeparam>
    /// <param name="create">Creates the state from this instance; called at most once per winning thread.</param>
    /// <returns>The state.</returns>
    public T GetDepMap<T>(Func<ReservationObject, T> create)
        where T : class => _depMap.GetOrCreate(this, create);

    /// <summary>
    /// Locks (<c>dma_resv_lock</c>). With <paramref name="context"/>, the wait-die protocol applies; without it the
    /// object is locked "by itself", and locking two that way is the ABBA hazard (D7).
    /// </summary>
    /// <param name="context">The acquire context, or <see langword="null"/>.</param>
    /// <returns>Acquired, already held by the context, or deadlock (back off).</returns>
    /// <exception cref="LockRecursionException">Locked twice without a context by the same thread (the kernel hangs, D8).</exception>
    public WwLockResult Lock(WwAcquireContext? context = null) => _mutex.Lock(context, slow: false);

    /// <summary>
    /// Locks after backing off (<c>dma_resv_lock_slow</c>): sleeps until free and cannot fail. The context must
    /// hold nothing.
    /// </summary>
    /// <param name="context">The acquire context that got <see cref="WwLockResult.Deadlock"/>.</param>
    /// <exception cref="InvalidOperationException">The context still holds locks.</exception>
    public void LockSlow(WwAcquireContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AcquiredCount > 0)
        {
            throw new InvalidOperationException("dma_resv_lock_slow with locks still held: back off (unlock everything) first.");
        }

        _mutex.Lock(context, slow: true);
    }

    /// <summary>Locks if free, without deadlock protection (<c>dma_resv_trylock</c>).</summary>
    /// <returns><see langword="true"/> if locked.</returns>
    public bool TryLock() => _mutex.TryLock();

    /// <summary>Unlocks (<c>dma_resv_unlock</c>). Drops any fence-slot reservation, as debug kernels do.</summary>
    public void Unlock()
    {
        _reserved = 0;
        _mutex.Unlock();
    }

    private void AssertHeld(string operation)
    {
        if (!_mutex.IsHeldByCurrentThread)
        {
            throw new InvalidOperationException($"{operation} requires the reservation lock to be held by this thread.");
        }
    }
}
