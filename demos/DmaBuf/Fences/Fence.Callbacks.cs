namespace DmaBuf.Fences;

public partial class Fence
{
    /// <summary>
    /// Enables software signalling (<c>dma_fence_enable_sw_signaling</c>): the driver's
    /// <see cref="FenceOps.EnableSignaling"/> runs once, and if it reports the fence already passed, the fence
    /// signals now.
    /// </summary>
    public void EnableSoftwareSignaling()
    {
        _lock.Lock();
        try
        {
            EnableSignalingLocked();
        }
        finally
        {
            _lock.Unlock();
        }
    }

    /// <summary>
    /// Queues <paramref name="callback"/> to run when the fence signals (<c>dma_fence_add_callback</c>). On a
    /// signalled fence it reports <see cref="AddCallbackResult.AlreadySignaled"/> and does not call it.
    /// </summary>
    /// <param name="callback">The callback; it must not be queued on any fence.</param>
    /// <returns>Whether it was queued.</returns>
    /// <exception cref="InvalidOperationException">The callback is already queued on a fence.</exception>
    public AddCallbackResult AddCallback(FenceCallback callback) => AddCallbackCore(callback, atHead: false);

    /// <summary>Removes a queued callback (<c>dma_fence_remove_callback</c>); only for hang recovery.</summary>
    /// <param name="callback">The callback.</param>
    /// <returns><see langword="true"/> if it was still queued, <see langword="false"/> if it already ran.</returns>
    public bool RemoveCallback(FenceCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _lock.Lock();
        try
        {
            if (!ReferenceEquals(callback.QueuedOn, this) || _callbacks is null)
            {
                return false;
            }

            callback.QueuedOn = null;
            return _callbacks.Remove(callback);
        }
        finally
        {
            _lock.Unlock();
        }
    }

    /// <summary>Gets the status (<c>dma_fence_get_status</c>), after enabling software signalling (seed 001).</summary>
    /// <returns>Pending, signalled, or signalled with an error.</returns>
    public FenceStatus GetStatus()
    {
        _lock.Lock();
        try
        {
            EnableSignalingLocked();
            return GetStatusLocked();
        }
        finally
        {
            _lock.Unlock();
        }
    }

    /// <summary>Gets the status with the fence lock held.</summary>
    /// <returns>The status.</returns>
    public FenceStatus GetStatusLocked()
    {
        AssertLockHeld();
        return !IsSignaledLocked() ? FenceStatus.Pending : Error < 0 ? FenceStatus.Error : FenceStatus.Signaled;
    }

    internal AddCallbackResult AddCallbackCore(FenceCallback callback, bool atHead)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (TestSignaledFlag())
        {
            return AddCallbackResult.AlreadySignaled;
        }

        _lock.Lock();
        try
        {
            if (EnableSignalingLocked())
            {
                return AddCallbackResult.AlreadySignaled;
            }

            if (callback.QueuedOn is not null)
            {
                throw new InvalidOperationException("The callback is already queued on a fence; one callback sits on one fence at a time.");
            }

            callback.QueuedOn = this;
            if (atHead)
            {
                _callbacks!.Insert(0, callback);
            }
            else
            {
                _callbacks!.Add(callback);
            }

            return AddCallbackResult.Added;
        }
        finally
        {
            _lock.Unlock();
        }
    }

    // Returns true if the fence is signalled (now or before). Caller holds _lock.
    private bool EnableSignalingLocked()
    {
        var wasEnabled = SetFlag(FenceFlags.EnableSignal);
        if (TestSignaledFlag())
        {
            return true;
        }

        if (!wasEnabled && !_ops.EnableSignaling(this))
        {
            SignalLocked(Runtime.Time.GetUtcNow());
            return true;
        }

        return false;
    }
}
