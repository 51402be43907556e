namespace Dept.Core.Live;

/// <summary>A consistent copy of what a <see cref="LiveDeadlockTracker"/> knows at <see cref="At"/> (#6).</summary>
/// <param name="At">When the copy was taken.</param>
/// <param name="Waits">Every current edge of the wait-for graph.</param>
/// <param name="Deadlocks">Every actual deadlock reported so far, oldest first.</param>
/// <param name="Hangs">Every hang reported so far, oldest first.</param>
/// <param name="Stats">Counters.</param>
public sealed record LiveSnapshot(
    DateTimeOffset At,
    IReadOnlyList<LiveWait> Waits,
    IReadOnlyList<ActualDeadlock> Deadlocks,
    IReadOnlyList<LiveHang> Hangs,
    LiveStats Stats)
{
    /// <summary>Gets the waits found unreachable (#11): each leads into a confirmed deadlock, so it can never end.</summary>
    public IReadOnlyList<LiveHang> Unreachable { get; init; } = [];
}
