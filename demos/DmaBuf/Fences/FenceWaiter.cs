namespace DmaBuf.Fences;

/// <summary>
/// The default wait's on-stack callback: wakes the waiting thread when a fence signals, a timeout elapses on the
/// runtime's clock, or the caller's token fires. No exceptions on the wait path.
/// </summary>
internal sealed class FenceWaiter : IDisposable
{
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 1);
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenRegistration _timeoutRegistration;
    private readonly CancellationTokenRegistration _cancelRegistration;

    public FenceWaiter(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Callback = new FenceCallback(_ => _wake.Set());
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timeout = new CancellationTokenSource(timeout, time);
            _timeoutRegistration = _timeout.Token.UnsafeRegister(static s => ((ManualResetEventSlim)s!).Set(), _wake);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancelRegistration = cancellationToken.UnsafeRegister(static s => ((ManualResetEventSlim)s!).Set(), _wake);
        }
    }

    public FenceCallback Callback { get; }

    public bool TimedOut => _timeout?.IsCancellationRequested == true;

    // Sleeps until one of the wake conditions; the caller decides which one held.
    public void Sleep() => _wake.Wait();

    public void Dispose()
    {
        _timeoutRegistration.Dispose();
        _cancelRegistration.Dispose();
        _timeout?.Dispose();
        _wake.Dispose();
    }
}
