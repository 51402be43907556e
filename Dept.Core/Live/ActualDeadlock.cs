namespace Dept.Core.Live;

/// <summary>
/// A cycle of waits that was observed to exist (#6): every member was blocked at <see cref="DetectedAt"/> and
/// each waits for the next. Unlike a potential deadlock (a dependency cycle that could close), this one is happening.
/// </summary>
/// <param name="DetectedAt">When the tracker confirmed the cycle.</param>
/// <param name="Waits">The cycle's edges in order; the last one's target is the first one's waiter.</param>
public sealed record ActualDeadlock(DateTimeOffset DetectedAt, IReadOnlyList<LiveWait> Waits)
{
    /// <summary>Stable identity of this cycle: its members and lock ids, rotated to start at the smallest member.</summary>
    public string Fingerprint { get; } = LiveFingerprint.Of(Waits);

    /// <summary>The OS ids of the threads in the cycle, in cycle order.</summary>
    public IReadOnlyList<long> ThreadIds => [.. Waits.Where(w => !w.Waiter.IsTask).Select(w => w.Waiter.Id)];

    /// <summary>When the cycle closed: the start of its newest wait.</summary>
    public DateTimeOffset FormedAt => Waits.Max(w => w.Since);

    /// <summary>How long after the cycle closed it was reported (event delivery plus confirmation).</summary>
    public TimeSpan DetectionLatency => DetectedAt > FormedAt ? DetectedAt - FormedAt : TimeSpan.Zero;
}
