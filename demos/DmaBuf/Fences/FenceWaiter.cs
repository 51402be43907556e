namespace DmaBuf.Fences;

/// <summary>
/// The default wait's on-stack callback: wakes the waiting thread when a fence signals, a timeout elapses on the
/// runtime's clock, or the caller's token fires. No exceptions on the wait path.
/// </summary>
/// <remarks>
/// The sleep is a <see cref="SpinWait"/> poll (spin, yield, then 1 ms sleeps), not a BCL event: Dept sees fence
/// waits through the model's patch declarations, and a BCL event here would be tracked again as a second class.
/// </remarks>
internal sealed class FenceWaiter : IDisposable
{
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenRegistration _timeoutRegistration;
    private readonly CancellationTokenRegistration _cancelRegistration;
    private volatile bool _woken;

    public FenceWaiter(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Callback = new FenceCallback(_ => Wake()) { Name = "dma_fence_default_wait", IsWaiter = true };
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timeout = new CancellationTokenSource(timeout, time);
            _timeoutRegistration = _timeout.Token.UnsafeRegister(static s => ((FenceWaiter)s!).Wake(), this);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancelRegistration = cancellationToken.UnsafeRegister(static s => ((FenceWaiter)s!).Wake(), this);
        }
    }

    public FenceCallback Callback { get; }

    public bool TimedOut => _timeout?.IsCancellationRequested == true;

    public void Wake() => _woken = true;

    // Sleeps until one of the wake conditions; the caller decides which one held.
    public void Sleep()
    {
        var spin = default(SpinWait);
        while (!_woken)
        {
            spin.SpinOnce();
        }
    }

    public void Dispose()
    {
        _timeoutRegistration.Dispose();
        _cancelRegistration.Dispose();
        _timeout?.Dispose();
    }
}
