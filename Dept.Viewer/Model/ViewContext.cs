namespace Dept.Viewer.Model;

/// <summary>One context block of a report ("context A"): its event context start, the blocked wait and the event.</summary>
/// <param name="Label">"context A", "context B", ...</param>
/// <param name="Start">[S]: where the event context started.</param>
/// <param name="Wait">[W]: the wait that blocked.</param>
/// <param name="Event">[E]: the event that cannot be reached.</param>
/// <param name="Timeout">True when the wait is bounded by a timeout.</param>
/// <param name="Thread">The thread that first saw the dependency, when known.</param>
internal sealed record ViewContext(string Label, ViewPoint Start, ViewPoint Wait, ViewPoint Event, bool Timeout = false, string? Thread = null);
