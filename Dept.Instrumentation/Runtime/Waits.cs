using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The wait/event half of the model (DEPT's sdt) as the patches use it: a wait is recorded only when the call will
/// really block, classified per wait call site (DEPT's per-caller completion key); an event charges the setter's
/// waits since the pending request. Callers guard these calls with <see cref="PatchFault"/>. The engine is called
/// directly (<c>DeptRuntime.Current?.Wait(...)</c>), so with no engine running the instance's map and key are not
/// even looked up: an instrumented build without tracking costs a null check per wait, no map per waited object.
/// </summary>
internal static class Waits
{
    /// <summary>Records that the current context blocks on <paramref name="instance"/> at <paramref name="site"/>.</summary>
    public static void Block(object instance, string kind, DeptSite? site, bool timeout)
        => DeptRuntime.Current?.Wait(InstanceMaps.Get(instance, kind), site, timeout, SiteKeys.For(site));

    /// <summary>Records a blocking wait classified by an explicit key instead of the site's class.</summary>
    public static void Block(object instance, string kind, DeptSite? site, bool timeout, DeptKey waitKey)
        => DeptRuntime.Current?.Wait(InstanceMaps.Get(instance, kind), site, timeout, waitKey);

    /// <summary>Fires the event of <paramref name="instance"/> if somebody ever waited on it.</summary>
    public static void Event(object instance, DeptSite? site)
    {
        if (InstanceMaps.TryGet(instance, out var map))
        {
            DeptSdt.Event(map, site);
        }
    }

    /// <summary>
    /// Declares that a recorded wait on <paramref name="instance"/> returned because its event happened, so its
    /// class is not listed by the never-fired check even if the event ran before the wait was recorded.
    /// </summary>
    public static void Answered(object instance)
    {
        if (InstanceMaps.TryGet(instance, out var map))
        {
            DeptSdt.Answered(map);
        }
    }

    /// <summary>Whether a millisecond timeout makes a wait a timed wait (anything but infinite).</summary>
    public static bool IsTimed(int millisecondsTimeout) => millisecondsTimeout != Timeout.Infinite;

    /// <summary>Whether a <see cref="TimeSpan"/> timeout makes a wait a timed wait.</summary>
    public static bool IsTimed(TimeSpan timeout) => timeout != Timeout.InfiniteTimeSpan;

    /// <summary>Whether a call with this timeout can block at all (zero never blocks).</summary>
    public static bool CanBlock(int millisecondsTimeout) => millisecondsTimeout != 0;

    /// <summary>Whether a call with this timeout can block at all.</summary>
    public static bool CanBlock(TimeSpan timeout) => timeout != TimeSpan.Zero;
}
