using Dept.Core.Annotations;

namespace Dept.Core.Lifetimes;

/// <summary>
/// The probe of a user primitive registered with <see cref="DeptSdt.TrackSource"/>: the waitable is the primitive's
/// <see cref="DeptMap"/>, a blocked waiter is a pending request on it (its <see cref="DeptSdt.Wait(DeptMap, DeptSite?, bool, DeptKey?)"/> not yet
/// answered by a <see cref="DeptSdt.Event(DeptMap, DeptSite?)"/>), and nothing else is outstanding.
/// </summary>
internal sealed class MapSourceProbe : IDeptSourceProbe
{
    public static readonly MapSourceProbe Instance = new();

    public bool IsCompleted(object waitable) => false;

    public DeptMap? MapOf(object waitable) => waitable as DeptMap;

    public IReadOnlyList<string> Continuations(object waitable) => [];

    public string EventFunction(object waitable) => waitable is DeptMap map ? $"{map.Name}.event" : "event";
}
