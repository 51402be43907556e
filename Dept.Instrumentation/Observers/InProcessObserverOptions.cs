using Dept.Core.Live;

namespace Dept.Instrumentation.Observers;

/// <summary>Settings of an <see cref="InProcessDeadlockObserver"/> (#6).</summary>
public sealed class InProcessObserverOptions
{
    /// <summary>Thresholds, bounds, clock and reporter of the tracker.</summary>
    /// <value>Defaults of <see cref="LiveOptions"/>: hang threshold 5 s, confirmation 150 ms.</value>
    public LiveOptions Live { get; set; } = new();

    /// <summary>How often queued events are applied and the graph is checked for cycles and hangs.</summary>
    /// <value>50 milliseconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Also listen to the TPL's task events (task waits and task bodies) for task-to-task edges.</summary>
    /// <value>False: enabling them makes every task raise events, which costs every task in the process.</value>
    public bool ObserveTasks { get; set; }

    /// <summary>Checks every setting; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public InProcessObserverOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Live, nameof(Live));
        Live.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(PollInterval, TimeSpan.FromMilliseconds(1), nameof(PollInterval));
        return this;
    }
}
