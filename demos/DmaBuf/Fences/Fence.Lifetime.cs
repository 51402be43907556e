using DmaBuf.Diagnostics;

namespace DmaBuf.Fences;

public partial class Fence
{
    private long _deadlineTicks = long.MaxValue;

    /// <summary>Gets the soonest deadline hint set so far, if any.</summary>
    public DateTimeOffset? Deadline
    {
        get
        {
            var ticks = Interlocked.Read(ref _deadlineTicks);
            return ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Sets the error the fence will signal with (<c>dma_fence_set_error</c>). It must precede the signal: "you
    /// can't declare an operation as having an error after the operation has already completed" (seed 004).
    /// </summary>
    /// <param name="error">A negative errno, e.g. <see cref="FenceErrors.Canceled"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="error"/> is not a negative errno.</exception>
    /// <exception cref="InvalidOperationException">The fence already signalled (also logged as a warning).</exception>
    public void SetError(int error)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(error, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(error, FenceErrors.MinErrno);
        if (TestSignaledFlag())
        {
            var message = $"dma_fence_set_error({error}) on already signalled fence {Context:x}:{Seqno:x}; nobody checks the status again";
            Runtime.Warnings.Warn(DmaWarningCode.SetErrorAfterSignal, message);
            throw new InvalidOperationException(message);
        }

        Volatile.Write(ref _error, error);
    }

    /// <summary>
    /// Hints that the fence should signal by <paramref name="deadline"/> (<c>dma_fence_set_deadline</c>); a past
    /// deadline means now. Ignored once signalled.
    /// </summary>
    /// <param name="deadline">The deadline.</param>
    public void SetDeadline(DateTimeOffset deadline)
    {
        if (TestSignaledFlag())
        {
            return;
        }

        var now = Runtime.Time.GetUtcNow();
        var ticks = (deadline < now ? now : deadline).UtcTicks;
        long seen;
        while (ticks < (seen = Interlocked.Read(ref _deadlineTicks)))
        {
            if (Interlocked.CompareExchange(ref _deadlineTicks, ticks, seen) == seen)
            {
                _ops.SetDeadline(this, new DateTimeOffset(ticks, TimeSpan.Zero));
                break;
            }
        }
    }

    /// <summary>Takes a reference (<c>dma_fence_get</c>).</summary>
    /// <returns>This fence.</returns>
    public Fence Get()
    {
        Interlocked.Increment(ref _refCount);
        return this;
    }

    /// <summary>
    /// Drops a reference (<c>dma_fence_put</c>). The last one releases the fence: one released with callbacks still
    /// queued is signalled with <see cref="FenceErrors.Deadlock"/> after a warning, so its waiters wake (D13).
    /// </summary>
    public void Put()
    {
        var left = Interlocked.Decrement(ref _refCount);
        if (left < 0)
        {
            throw new InvalidOperationException($"Fence {Context:x}:{Seqno:x} was put more often than it was got.");
        }

        if (left == 0)
        {
            Release();
        }
    }

    /// <summary>Gets the names of the callbacks still queued, blocked waiters included (empty once signalled).</summary>
    public IReadOnlyList<string> QueuedCallbacks
    {
        get
        {
            _lock.Lock();
            try
            {
                return _callbacks is null ? [] : [.. _callbacks.Select(static c => c.Name)];
            }
            finally
            {
                _lock.Unlock();
            }
        }
    }

    /// <summary>Gets how many threads are blocked in the default wait on this fence right now.</summary>
    public int BlockedWaiters
    {
        get
        {
            _lock.Lock();
            try
            {
                return _callbacks?.Count(static c => c.IsWaiter) ?? 0;
            }
            finally
            {
                _lock.Unlock();
            }
        }
    }

    /// <summary>Gets the queued callbacks that are not blocked waiters, as <c>callback NAME</c> (a tracker sees the waits itself).</summary>
    public IReadOnlyList<string> OutstandingCallbacks
    {
        get
        {
            _lock.Lock();
            try
            {
                return OutstandingCallbacksLocked();
            }
            finally
            {
                _lock.Unlock();
            }
        }
    }

    /// <summary>The queued callbacks that are not blocked waiters (a tracker sees those waits itself). Lock held.</summary>
    /// <returns>Their names.</returns>
    internal IReadOnlyList<string> OutstandingCallbacksLocked()
        => _callbacks is null ? [] : [.. _callbacks.Where(static c => !c.IsWaiter).Select(static c => $"callback {c.Name}")];

    /// <summary>
    /// With the lock held, for an issuer that will never signal this fence (driver unload, timeline teardown): the
    /// kernel-style message to log through <see cref="FenceAbandonment"/> if anything waits on it, or
    /// <see langword="null"/> if it signalled or nothing waits. The caller logs it at its own call site, so the report
    /// names the teardown path; the fence stays unsignalled and its waiters hang until interrupted, as in the kernel.
    /// </summary>
    /// <param name="why">The message's tail, e.g. "its driver was unloaded".</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    internal string? AbandonMessageLocked(string why)
    {
        AssertLockHeld();
        return TestSignaledFlag() || _callbacks is not { Count: > 0 }
            ? null
            : $"Fence {_ops.GetDriverName(this)}:{_ops.GetTimelineName(this)}:{Context:x}:{Seqno:x} can never signal: {why} with {_callbacks.Count} waiter(s)/callback(s) pending";
    }

    private void Release()
    {
        // D6b: a callback runs under this lock; dropping the last reference there frees the lock being held.
        var underOwnLock = _lock.IsHeldByCurrentThread;
        if (underOwnLock)
        {
            Runtime.Warnings.Warn(DmaWarningCode.FinalPutInCallback,
                $"Fence {Context:x}:{Seqno:x} released inside its own callback, under its own lock");
        }
        else
        {
            _lock.Lock();
        }

        try
        {
            if (!TestSignaledFlag() && _callbacks is { Count: > 0 })
            {
                FenceAbandonment.Abandoned(this, FenceAbandonReason.ReleasedWithPendingSignals, OutstandingCallbacksLocked(),
                    $"Fence {_ops.GetDriverName(this)}:{_ops.GetTimelineName(this)}:{Context:x}:{Seqno:x} released with pending signals!");
                Volatile.Write(ref _error, FenceErrors.Deadlock);
                SignalLocked(Runtime.Time.GetUtcNow());
            }
        }
        finally
        {
            if (!underOwnLock)
            {
                _lock.Unlock();
            }
        }

        _ops.Release(this);
    }
}
