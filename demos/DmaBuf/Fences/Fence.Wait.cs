namespace DmaBuf.Fences;

public partial class Fence
{
    /// <summary>Waits until the fence signals or <paramref name="cancellationToken"/> fires (<c>dma_fence_wait</c>).</summary>
    /// <param name="cancellationToken">Interrupts the wait (the kernel's pending signal, <c>intr = true</c>).</param>
    /// <returns><see cref="FenceWaitStatus.Signaled"/> or <see cref="FenceWaitStatus.Interrupted"/>.</returns>
    public FenceWaitResult Wait(CancellationToken cancellationToken = default) =>
        DefaultWait(Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// Waits at most <paramref name="timeout"/> (<c>dma_fence_wait_timeout</c>); a zero timeout polls. The timeout
    /// runs on the runtime's <see cref="TimeProvider"/>.
    /// </summary>
    /// <param name="timeout">The longest wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="cancellationToken">Interrupts the wait.</param>
    /// <returns>The outcome and the time left.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite.</exception>
    public FenceWaitResult WaitTimeout(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ValidateTimeout(timeout);
        return DefaultWait(timeout, cancellationToken);
    }

    /// <summary>Waits until any of <paramref name="fences"/> signals (<c>dma_fence_wait_any_timeout</c>).</summary>
    /// <param name="fences">The fences; at least one.</param>
    /// <param name="timeout">The longest wait, <see cref="TimeSpan.Zero"/> to poll, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="cancellationToken">Interrupts the wait.</param>
    /// <returns>The outcome; on <see cref="FenceWaitStatus.Signaled"/>, <see cref="FenceWaitResult.Index"/> names a signalled fence.</returns>
    public static FenceWaitResult WaitAny(IReadOnlyList<Fence> fences, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fences);
        ArgumentOutOfRangeException.ThrowIfZero(fences.Count);
        ValidateTimeout(timeout);
        return FenceWaitAny.Wait(fences, timeout, cancellationToken);
    }

    private FenceWaitResult DefaultWait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (TestSignaledFlag())
        {
            return new FenceWaitResult(FenceWaitStatus.Signaled, timeout);
        }

        EnableSoftwareSignaling();
        if (TestSignaledFlag())
        {
            return new FenceWaitResult(FenceWaitStatus.Signaled, timeout);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new FenceWaitResult(FenceWaitStatus.Interrupted, timeout);
        }

        if (timeout == TimeSpan.Zero)
        {
            return new FenceWaitResult(FenceWaitStatus.TimedOut, TimeSpan.Zero);
        }

        var start = Runtime.Time.GetTimestamp();
        using var waiter = new FenceWaiter(timeout, Runtime.Time, cancellationToken);
        if (AddCallbackCore(waiter.Callback, atHead: true) == AddCallbackResult.Added)
        {
            waiter.Sleep();
            RemoveCallback(waiter.Callback);
        }

        var remaining = Remaining(timeout, start);
        return TestSignaledFlag() ? new FenceWaitResult(FenceWaitStatus.Signaled, remaining)
            : cancellationToken.IsCancellationRequested ? new FenceWaitResult(FenceWaitStatus.Interrupted, remaining)
            : new FenceWaitResult(FenceWaitStatus.TimedOut, TimeSpan.Zero);
    }

    internal TimeSpan Remaining(TimeSpan timeout, long start)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return timeout;
        }

        var left = timeout - Runtime.Time.GetElapsedTime(start);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    internal static void ValidateTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A wait timeout must be zero, positive or infinite.");
        }
    }
}
