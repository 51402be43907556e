namespace Dept.Viewer.Model;

/// <summary>One context block of a report ("context A"): its event context start, the blocked wait and the event.</summary>
internal sealed record ViewContext(string Label, ViewPoint Start, ViewPoint Wait, ViewPoint Event);
