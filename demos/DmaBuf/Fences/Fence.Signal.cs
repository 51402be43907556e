namespace DmaBuf.Fences;

public partial class Fence
{
    /// <summary>
    /// Signals the fence now (<c>dma_fence_signal</c>): inside a signalling critical section, under the fence lock,
    /// records the timestamp and runs every queued callback. Only the first signal has an effect.
    /// </summary>
    /// <returns>Whether this call signalled the fence.</returns>
    public FenceSignalResult Signal() => SignalTimestamp(Runtime.Time.GetUtcNow());

    /// <summary>Signals the fence with a caller-supplied timestamp (<c>dma_fence_signal_timestamp</c>).</summary>
    /// <param name="timestamp">The completion time.</param>
    /// <returns>Whether this call signalled the fence.</returns>
    public FenceSignalResult SignalTimestamp(DateTimeOffset timestamp)
    {
        var cookie = FenceSignalling.Begin();
        try
        {
            _lock.Lock();
            try
            {
                return SignalLocked(timestamp);
            }
            finally
            {
                _lock.Unlock();
            }
        }
        finally
        {
            FenceSignalling.End(cookie);
        }
    }

    /// <summary>
    /// Signals with the fence lock already held (<c>dma_fence_signal_timestamp_locked</c>). Every signal path ends
    /// here. Callbacks run on this thread before it returns.
    /// </summary>
    /// <param name="timestamp">The completion time.</param>
    /// <returns>Whether this call signalled the fence.</returns>
    /// <exception cref="SynchronizationLockException">The caller does not hold <see cref="Lock"/>.</exception>
    public FenceSignalResult SignalLocked(DateTimeOffset timestamp)
    {
        AssertLockHeld();
        if (SetFlag(FenceFlags.Signaled))
        {
            return FenceSignalResult.AlreadySignaled;
        }

        var callbacks = _callbacks;
        _callbacks = null;
        _timestamp = timestamp;
        SetFlag(FenceFlags.Timestamp);
        if (callbacks is not null)
        {
            foreach (var callback in callbacks)
            {
                callback.QueuedOn = null;
                callback.Invoke(this);
            }
        }

        return FenceSignalResult.Signaled;
    }

    /// <summary>
    /// Returns whether the fence has signalled (<c>dma_fence_is_signaled</c>). If the driver's fast path says it
    /// has, this <b>signals it as a side effect</b>, as the kernel does (scenario D6 depends on it).
    /// </summary>
    /// <returns><see langword="true"/> if signalled.</returns>
    public bool IsSignaled()
    {
        if (TestSignaledFlag())
        {
            return true;
        }

        if (_ops.IsSignaled(this))
        {
            Signal();
            return true;
        }

        return false;
    }

    /// <summary>As <see cref="IsSignaled"/>, with the fence lock held (<c>dma_fence_is_signaled_locked</c>).</summary>
    /// <returns><see langword="true"/> if signalled.</returns>
    public bool IsSignaledLocked()
    {
        AssertLockHeld();
        if (TestSignaledFlag())
        {
            return true;
        }

        if (_ops.IsSignaled(this))
        {
            SignalLocked(Runtime.Time.GetUtcNow());
            return true;
        }

        return false;
    }

    /// <summary>Gets the signal timestamp. Before signalling the kernel WARNs and returns "now"; so does the model.</summary>
    public DateTimeOffset Timestamp
    {
        get
        {
            if (!TestSignaledFlag())
            {
                Runtime.Warnings.Warn(Diagnostics.DmaWarningCode.TimestampBeforeSignal, $"timestamp of unsignalled fence {Describe()}");
                return Runtime.Time.GetUtcNow();
            }

            // SIGNALED is set before the timestamp is published.
            var spin = default(SpinWait);
            while ((Flags & FenceFlags.Timestamp) == 0)
            {
                spin.SpinOnce();
            }

            return _timestamp;
        }
    }

    private void AssertLockHeld()
    {
        if (!_lock.IsHeldByCurrentThread)
        {
            throw new SynchronizationLockException($"The lock of fence {Context}:{Seqno} must be held.");
        }
    }
}
