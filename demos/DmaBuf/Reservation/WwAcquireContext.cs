using DmaBuf.Diagnostics;

namespace DmaBuf.Reservation;

/// <summary>
/// An acquire context (<c>struct ww_acquire_ctx</c>) for locking several reservation objects of one class
/// without deadlock: older contexts (smaller stamp) wait, younger ones back off with
/// <see cref="WwLockResult.Deadlock"/>. One per task; not thread-safe.
/// </summary>
public sealed class WwAcquireContext : IDisposable
{
    private readonly List<WwMutex> _held = [];
    private readonly DmaRuntime _runtime;

    /// <summary>Starts an acquire sequence (<c>ww_acquire_init</c>).</summary>
    /// <param name="runtime">The runtime whose reservation class is used.</param>
    public WwAcquireContext(DmaRuntime runtime)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        Class = runtime.ReservationClass;
        Stamp = Class.NextStamp();
    }

    /// <summary>Gets the class.</summary>
    public WwClass Class { get; }

    /// <summary>Gets the age: smaller is older.</summary>
    public long Stamp { get; }

    /// <summary>Gets the number of locks held through this context.</summary>
    public int AcquiredCount => _held.Count;

    /// <summary>Gets a value indicating whether <see cref="Done"/> was called.</summary>
    public bool IsDone { get; private set; }

    /// <summary>Gets the lock this context died on and must take with <c>LockSlow</c> once it holds nothing.</summary>
    internal WwMutex? Contended { get; set; }

    /// <summary>Marks the end of the acquire phase (<c>ww_acquire_done</c>).</summary>
    public void Done() => IsDone = true;

    /// <summary>Ends the sequence (<c>ww_acquire_fini</c>); every lock must be released.</summary>
    /// <exception cref="InvalidOperationException">Locks are still held.</exception>
    public void Dispose()
    {
        if (_held.Count > 0)
        {
            throw new InvalidOperationException($"ww_acquire_fini with {_held.Count} reservation lock(s) still held.");
        }
    }

    internal void Added(WwMutex mutex) => _held.Add(mutex);

    internal void Removed(WwMutex mutex) => _held.Remove(mutex);

    internal bool Holds(WwMutex mutex) => _held.Contains(mutex);

    // D7b: locking on after -EDEADLK while still holding locks livelocks the younger and starves the older.
    internal bool CheckBackedOff()
    {
        if (Contended is null || _held.Count == 0)
        {
            return true;
        }

        _runtime.Warnings.Warn(DmaWarningCode.DeadlockNotBackedOff,
            $"ww_acquire_ctx {Stamp} got -EDEADLK and kept locking while holding {_held.Count} lock(s)");
        return false;
    }
}
