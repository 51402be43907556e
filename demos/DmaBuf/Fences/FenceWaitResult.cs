namespace DmaBuf.Fences;

/// <summary>The result of a fence wait.</summary>
/// <param name="Status">How the wait ended.</param>
/// <param name="Remaining">The time left of the timeout (<see cref="Timeout.InfiniteTimeSpan"/> when there was none).</param>
/// <param name="Index">For a wait on several fences, the index of a signalled one; otherwise -1.</param>
public readonly record struct FenceWaitResult(FenceWaitStatus Status, TimeSpan Remaining, int Index = -1)
{
    /// <summary>Gets a value indicating whether the fence signalled.</summary>
    public bool IsSignaled => Status == FenceWaitStatus.Signaled;
}
