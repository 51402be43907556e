namespace Dept.Core.Live;

/// <summary>Settings of a <see cref="LiveDeadlockTracker"/>, validated once by <see cref="Validate"/> (#6).</summary>
public sealed class LiveOptions
{
    /// <summary>A wait longer than this is reported as a hang.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan HangThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the newest wait of a cycle must have lasted before the cycle is reported. Events arrive late
    /// (in process about 10 ms, through EventPipe up to the flush interval), so a "stop" that would break the cycle
    /// may still be in flight; waiting this long keeps a cycle that already dissolved from being reported.
    /// </summary>
    /// <value>150 milliseconds (in process). The attach command raises it above its flush interval.</value>
    public TimeSpan ConfirmAfter { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Events posted but not yet applied, at most; more are dropped and counted.</summary>
    /// <value>100,000.</value>
    public int MaxQueuedEvents { get; set; } = 100_000;

    /// <summary>Threads and tasks tracked at once, at most; waits of further ones are dropped and counted.</summary>
    /// <value>65,536.</value>
    public int MaxNodes { get; set; } = 65_536;

    /// <summary>Where deadlocks and hangs go as they are found.</summary>
    /// <value>None (read them from <see cref="LiveDeadlockTracker.Snapshot"/>).</value>
    public ILiveReporter? Reporter { get; set; }

    /// <summary>The clock used for wait durations and confirmation.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks every setting; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public LiveOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HangThreshold, TimeSpan.Zero, nameof(HangThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConfirmAfter, TimeSpan.Zero, nameof(ConfirmAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedEvents, 16, nameof(MaxQueuedEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNodes, 16, nameof(MaxNodes));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        return this;
    }
}
