namespace Dept.Core.Dumps;

/// <summary>Counters and memory of an engine at one moment (the data behind <c>dept_stats</c>).</summary>
public sealed record DeptStats
{
    /// <summary>Gets the number of classes.</summary>
    public long Classes { get; init; }

    /// <summary>Gets the number of dependencies (edges).</summary>
    public long Dependencies { get; init; }

    /// <summary>Gets the waits recorded.</summary>
    public long Waits { get; init; }

    /// <summary>Gets the events fired with a pending request.</summary>
    public long Events { get; init; }

    /// <summary>Gets the event contexts entered.</summary>
    public long EventContexts { get; init; }

    /// <summary>Gets the incremental cycle checks run (one per new dependency).</summary>
    public long CycleChecks { get; init; }

    /// <summary>Gets the reports made.</summary>
    public long Reports { get; init; }

    /// <summary>Gets the threads tracked so far.</summary>
    public long Threads { get; init; }

    /// <summary>Gets the dependencies dropped because the bound was reached.</summary>
    public long DroppedDependencies { get; init; }

    /// <summary>Gets the unreachable-event reports made (abandoned sources, live signaller checks).</summary>
    public long UnreachableEvents { get; init; }

    /// <summary>Gets the never-fired-event warnings made.</summary>
    public long NeverFiredEvents { get; init; }

    /// <summary>Gets the completion sources registered with this engine for the abandoned-source check.</summary>
    public long TrackedSources { get; init; }

    /// <summary>Gets the approximate bytes per pool, in DEPT's order: dep, class, stack, ecxt, wait.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> PoolBytes { get; init; } = [];

    /// <summary>Gets the approximate total bytes the engine holds.</summary>
    public long MemoryBytes => PoolBytes.Sum(static p => p.Value);

    /// <summary>Gets whether tracking stopped.</summary>
    public bool Stopped { get; init; }

    /// <summary>Gets why tracking stopped, if it did.</summary>
    public string? StopReason { get; init; }
}
