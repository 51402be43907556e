namespace Dept.Core.Live;

/// <summary>A wait that has lasted longer than <see cref="LiveOptions.HangThreshold"/> without being part of a cycle (#6).</summary>
/// <param name="DetectedAt">When the tracker noticed it.</param>
/// <param name="Wait">The wait.</param>
public sealed record LiveHang(DateTimeOffset DetectedAt, LiveWait Wait)
{
    /// <summary>How long the wait had lasted when it was reported.</summary>
    public TimeSpan Duration => Wait.WaitedAt(DetectedAt);
}
