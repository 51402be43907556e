using Dept.Core.Annotations;

namespace Dept.Core.Tracking;

/// <summary>
/// What a context knows when it first sees an edge "event <see cref="From"/> cannot happen until wait
/// <see cref="To"/> ends": the event context's start, the wait and, for implicit contexts, the event.
/// </summary>
internal readonly record struct DependencyDraft(
    int From,
    int To,
    bool Timeout,
    bool Implicit,
    DeptSite? StartSite,
    DeptSite? WaitSite,
    DeptSite? EventSite,
    string? RequestThread);
