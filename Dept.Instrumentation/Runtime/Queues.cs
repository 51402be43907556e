using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The producer/consumer model of a queue (<c>BlockingCollection</c>, <c>Channel</c>) as two DEPT wait/event pairs
/// (#10): a consumer waits for an item, and every add is that event; a bounded producer waits for space, and every take
/// is that event. Events are fired at the call, before the call's own wait: a producer's wait for space is never
/// charged to the item it then adds (which would make every bounded queue that ever filled and emptied a cycle).
/// Callers guard these calls with <see cref="PatchFault"/>.
/// </summary>
internal static class Queues
{
    private const string ItemKind = "queue item";
    private const string SpaceKind = "queue space";

    /// <summary>The current context waits for an item of <paramref name="queue"/>.</summary>
    public static void WaitForItem(object queue, DeptSite? site, bool timed)
        => DeptRuntime.Current?.Wait(InstanceMaps.Get(queue, ItemKind), site, timed, CreationSites.KeyFor(queue, site));

    /// <summary>The current context waits for room in bounded <paramref name="queue"/>.</summary>
    public static void WaitForSpace(object queue, DeptSite? site, bool timed)
        => DeptRuntime.Current?.Wait(InstanceMaps.GetSecond(queue, SpaceKind), site, timed, CreationSites.SpaceKeyFor(queue, site));

    /// <summary>The current async flow awaits an item of <paramref name="queue"/> (a pending <c>ReadAsync</c>): a wait only for the async locks the flow holds.</summary>
    public static void AwaitItem(object queue, DeptSite? site)
        => DeptRuntime.Current?.AwaitFlow(InstanceMaps.Get(queue, ItemKind), site, timeout: false, CreationSites.KeyFor(queue, site));

    /// <summary>The current async flow awaits room in <paramref name="queue"/> (a pending <c>WriteAsync</c>).</summary>
    public static void AwaitSpace(object queue, DeptSite? site)
        => DeptRuntime.Current?.AwaitFlow(InstanceMaps.GetSecond(queue, SpaceKind), site, timeout: false, CreationSites.SpaceKeyFor(queue, site));

    /// <summary>An item was added (or adding completed, which wakes every consumer): the consumers' event.</summary>
    public static void ItemAdded(object queue, DeptSite? site) => Waits.Event(queue, site);

    /// <summary>An item was taken: the event bounded producers wait for.</summary>
    public static void SpaceFreed(object queue, DeptSite? site)
    {
        if (InstanceMaps.TryGetSecond(queue, out var map))
        {
            DeptSdt.Event(map, site);
        }
    }
}
