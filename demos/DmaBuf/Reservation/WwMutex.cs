namespace DmaBuf.Reservation;

/// <summary>A wait-die wound/wait mutex (<c>struct ww_mutex</c> of a <c>DEFINE_WD_CLASS</c>).</summary>
/// <remarks>
/// Thread-safe. Owner state changes under a <see cref="SpinLock"/>; a blocked locker polls with
/// <see cref="SpinWait"/>. No BCL monitor or event: Dept sees this lock through the model's patch declarations
/// only (see <c>OwnedLock</c>).
/// </remarks>
internal sealed class WwMutex
{
    private SpinLock _state = new(enableThreadOwnerTracking: false);
    private Thread? _owner;
    private WwAcquireContext? _ownerContext;

    public bool IsLocked => Volatile.Read(ref _owner) is not null;

    public bool IsHeldByCurrentThread => ReferenceEquals(Volatile.Read(ref _owner), Thread.CurrentThread);

    public WwAcquireContext? OwnerContext => Volatile.Read(ref _ownerContext);

    public WwLockResult Lock(WwAcquireContext? context, bool slow)
    {
        if (context is not null && !slow && !context.CheckBackedOff())
        {
            return WwLockResult.Deadlock;
        }

        var spin = default(SpinWait);
        while (true)
        {
            var result = TryTake(context, slow);
            if (result is { } decided)
            {
                return decided;
            }

            spin.SpinOnce();
        }
    }

    public bool TryLock() => TryTake(null, slow: true, tryOnly: true) == WwLockResult.Acquired;

    public void Unlock()
    {
        var taken = false;
        try
        {
            _state.Enter(ref taken);
            if (!ReferenceEquals(_owner, Thread.CurrentThread))
            {
                throw new SynchronizationLockException("The reservation lock is not held by this thread.");
            }

            _ownerContext?.Removed(this);
            Volatile.Write(ref _ownerContext, null);
            Volatile.Write(ref _owner, null);
        }
        finally
        {
            if (taken)
            {
                _state.Exit();
            }
        }
    }

    // Decides one attempt: a result, or null to keep waiting.
    private WwLockResult? TryTake(WwAcquireContext? context, bool slow, bool tryOnly = false)
    {
        var taken = false;
        try
        {
            _state.Enter(ref taken);
            if (_owner is null)
            {
                Take(context);
                return WwLockResult.Acquired;
            }

            if (tryOnly)
            {
                return WwLockResult.Deadlock;
            }

            if (context is not null && ReferenceEquals(_ownerContext, context))
            {
                return WwLockResult.AlreadyHeld;
            }

            if (ReferenceEquals(_owner, Thread.CurrentThread))
            {
                throw new LockRecursionException("Self-deadlock: this thread already holds the reservation lock (without an acquire context).");
            }

            // Wait-die: a younger context asking for a lock an older one holds dies instead of waiting.
            if (context is not null && !slow && _ownerContext is { } holder && holder.Stamp < context.Stamp)
            {
                context.Contended = this;
                return WwLockResult.Deadlock;
            }

            return null;
        }
        finally
        {
            if (taken)
            {
                _state.Exit();
            }
        }
    }

    private void Take(WwAcquireContext? context)
    {
        Volatile.Write(ref _owner, Thread.CurrentThread);
        Volatile.Write(ref _ownerContext, context);
        if (context is not null)
        {
            context.Added(this);
            if (ReferenceEquals(context.Contended, this))
            {
                context.Contended = null;
            }
        }
    }
}
