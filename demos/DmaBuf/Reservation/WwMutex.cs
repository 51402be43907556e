namespace DmaBuf.Reservation;

/// <summary>A wait-die wound/wait mutex (<c>struct ww_mutex</c> of a <c>DEFINE_WD_CLASS</c>).</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class WwMutex
{
    private readonly object _gate = new();
    private Thread? _owner;
    private WwAcquireContext? _ownerContext;

    public bool IsLocked => Volatile.Read(ref _owner) is not null;

    public bool IsHeldByCurrentThread => ReferenceEquals(Volatile.Read(ref _owner), Thread.CurrentThread);

    public WwAcquireContext? OwnerContext => _ownerContext;

    public WwLockResult Lock(WwAcquireContext? context, bool slow)
    {
        if (context is not null && !slow && !context.CheckBackedOff())
        {
            return WwLockResult.Deadlock;
        }

        lock (_gate)
        {
            while (true)
            {
                if (_owner is null)
                {
                    Take(context);
                    return WwLockResult.Acquired;
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

                Monitor.Wait(_gate);
            }
        }
    }

    public bool TryLock()
    {
        lock (_gate)
        {
            if (_owner is not null)
            {
                return false;
            }

            Take(null);
            return true;
        }
    }

    public void Unlock()
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_owner, Thread.CurrentThread))
            {
                throw new SynchronizationLockException("The reservation lock is not held by this thread.");
            }

            _ownerContext?.Removed(this);
            _ownerContext = null;
            Volatile.Write(ref _owner, null);
            Monitor.PulseAll(_gate);
        }
    }

    private void Take(WwAcquireContext? context)
    {
        Volatile.Write(ref _owner, Thread.CurrentThread);
        _ownerContext = context;
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
