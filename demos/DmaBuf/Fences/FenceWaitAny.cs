namespace DmaBuf.Fences;

/// <summary>The body of <see cref="Fence.WaitAny"/>: one waiter whose callback sits on every fence.</summary>
internal static class FenceWaitAny
{
    public static FenceWaitResult Wait(IReadOnlyList<Fence> fences, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout == TimeSpan.Zero)
        {
            var index = FirstSignaled(fences, poll: true);
            return index >= 0 ? new FenceWaitResult(FenceWaitStatus.Signaled, TimeSpan.Zero, index)
                : new FenceWaitResult(FenceWaitStatus.TimedOut, TimeSpan.Zero);
        }

        var runtime = fences[0].Runtime;
        var start = runtime.Time.GetTimestamp();
        using var wake = new FenceWaiter(timeout, runtime.Time, cancellationToken);
        var callbacks = new FenceCallback[fences.Count];
        try
        {
            for (var i = 0; i < fences.Count; i++)
            {
                callbacks[i] = new FenceCallback(_ => wake.Wake()) { Name = "dma_fence_wait_any", IsWaiter = true };
                if (fences[i].AddCallback(callbacks[i]) == AddCallbackResult.AlreadySignaled)
                {
                    return new FenceWaitResult(FenceWaitStatus.Signaled, timeout, i);
                }
            }

            while (FirstSignaled(fences, poll: false) < 0 && !cancellationToken.IsCancellationRequested && !wake.TimedOut)
            {
                wake.Sleep();
            }
        }
        finally
        {
            for (var i = 0; i < fences.Count && callbacks[i] is not null; i++)
            {
                fences[i].RemoveCallback(callbacks[i]);
            }
        }

        var signalled = FirstSignaled(fences, poll: false);
        return signalled >= 0 ? new FenceWaitResult(FenceWaitStatus.Signaled, fences[signalled].Remaining(timeout, start), signalled)
            : cancellationToken.IsCancellationRequested ? new FenceWaitResult(FenceWaitStatus.Interrupted, fences[0].Remaining(timeout, start))
            : new FenceWaitResult(FenceWaitStatus.TimedOut, TimeSpan.Zero);
    }

    private static int FirstSignaled(IReadOnlyList<Fence> fences, bool poll)
    {
        for (var i = 0; i < fences.Count; i++)
        {
            if (poll ? fences[i].IsSignaled() : fences[i].TestSignaledFlag())
            {
                return i;
            }
        }

        return -1;
    }
}
