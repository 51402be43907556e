namespace Dept.Core.Live;

/// <summary>A wait that has lasted longer than <see cref="LiveOptions.HangThreshold"/> without being part of a cycle (#6).</summary>
/// <param name="DetectedAt">When the tracker noticed it.</param>
/// <param name="Wait">The wait.</param>
public sealed record LiveHang(DateTimeOffset DetectedAt, LiveWait Wait)
{
    /// <summary>
    /// When the wait can never end (#11): the member of a confirmed deadlock that its chain of waits leads to, the
    /// only party that could let it go and that is itself blocked for ever. Null for a plain hang.
    /// </summary>
    public LiveNode? BlockedForeverBy { get; init; }

    /// <summary>Gets whether this wait is an unreachable event rather than a hang.</summary>
    public bool IsUnreachable => BlockedForeverBy is not null;

    /// <summary>How long the wait had lasted when it was reported.</summary>
    public TimeSpan Duration => Wait.WaitedAt(DetectedAt);
}
