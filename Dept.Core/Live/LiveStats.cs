namespace Dept.Core.Live;

/// <summary>Counters of a <see cref="LiveDeadlockTracker"/> (#6).</summary>
/// <param name="EventsApplied">Events applied to the graph.</param>
/// <param name="EventsDropped">Events dropped because the queue or the node table was full.</param>
/// <param name="EventsLostAtSource">Events the source says it lost (EventPipe buffer overflow), as reported to the tracker.</param>
/// <param name="StaleEventsIgnored">Events older than what the graph already knew for that thread (late or duplicate).</param>
/// <param name="ReporterFailures">Exceptions thrown by the reporter (caught).</param>
public readonly record struct LiveStats(long EventsApplied, long EventsDropped, long EventsLostAtSource, long StaleEventsIgnored, long ReporterFailures);
