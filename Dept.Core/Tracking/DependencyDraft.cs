namespace Dept.Core.Tracking;

/// <summary>
/// What a context knows when it first sees an edge "event <see cref="From"/> cannot happen until wait
/// <see cref="To"/> ends": the event context's start, the wait and, for implicit contexts, the event (sites as
/// <see cref="Annotations.DeptSite.Id"/>, 0 when unknown).
/// </summary>
internal readonly record struct DependencyDraft(
    int From,
    int To,
    bool Timeout,
    bool Implicit,
    int StartSite,
    int WaitSite,
    int EventSite,
    string? RequestThread);
