using Dept.Core.Tracking;

namespace Dept.Core.Annotations;

/// <summary>
/// The single-event tracker (DEPT's <c>dept_sdt.h</c>): annotations for waits and events such as completions,
/// fences, events and task completions, forwarding to the process-wide engine (<see cref="DeptRuntime.Current"/>).
/// </summary>
/// <remarks>Thread-safe. When no engine runs, each call costs one null check. Never throws.</remarks>
public static class DeptSdt
{
    /// <summary>
    /// Records a wait that will really block (DEPT <c>sdt_wait</c>): requests the event, which starts its implicit
    /// event context, then waits. Do not call it when the event already happened (the wait would not block).
    /// </summary>
    /// <param name="map">The waited-on instance.</param>
    /// <param name="site">Where the wait is called.</param>
    /// <param name="timeout">Whether the wait is bounded by a timeout.</param>
    /// <param name="waitKey">Classify this wait by another key (e.g. its call site) instead of the map's key.</param>
    public static void Wait(DeptMap map, DeptSite? site = null, bool timeout = false, DeptKey? waitKey = null)
        => DeptRuntime.Current?.Wait(map, site, timeout, waitKey);

    /// <summary>
    /// Records that the current logical flow awaits the event (an <c>await</c> of a pending completion): a wait only
    /// for the async locks the flow holds (<see cref="DeptLdt.AcquireFlow"/>), since an <c>await</c> blocks no thread.
    /// </summary>
    public static void Await(DeptMap map, DeptSite? site = null, bool timeout = false, DeptKey? waitKey = null)
        => DeptRuntime.Current?.AwaitFlow(map, site, timeout, waitKey);

    /// <summary>Requests the event without waiting (DEPT <c>sdt_request_event</c>): the implicit event context starts here.</summary>
    public static void RequestEvent(DeptMap map, DeptKey? waitKey = null, DeptSite? site = null)
        => DeptRuntime.Current?.RequestEvent(map, waitKey, site);

    /// <summary>The event happens (DEPT <c>sdt_event</c>): this context's waits since each pending request become dependencies.</summary>
    public static void Event(DeptMap map, DeptSite? site = null) => DeptRuntime.Current?.Event(map, site);

    /// <summary>Enters an explicit event context for <paramref name="map"/>'s event (DEPT <c>sdt_ecxt_enter</c>).</summary>
    public static void EcxtEnter(DeptMap map, DeptSite? site = null) => DeptRuntime.Current?.EcxtEnter(map, site);

    /// <summary>Exits the explicit event context entered by <see cref="EcxtEnter"/>.</summary>
    public static void EcxtExit(DeptMap map, DeptSite? site = null) => DeptRuntime.Current?.EcxtExit(map, site);
}
