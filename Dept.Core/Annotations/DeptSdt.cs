using Dept.Core.Lifetimes;
using Dept.Core.Reports;
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

    /// <summary>
    /// Enters the body of the work that fires an event of class <paramref name="eventKey"/> (a thread's body before its
    /// exit, a task's body before its completion: the key its waiters name, as the map's key or as the <c>waitKey</c> of
    /// <see cref="Wait(DeptMap, DeptSite?, bool, DeptKey?)"/>), held as <paramref name="instance"/> (the thread, the
    /// task, its map) until <see cref="BodyExit"/>. Fire the event (<see cref="Event(DeptMap, DeptSite?)"/>) before.
    /// Every lock the body takes, however early, is a dependency of the event: its waiter must not hold that lock's
    /// class, whichever of the two came first in this run. An event the body waits for counts from each waiter's
    /// request on, as in an implicit context: an event waited for and given before anyone waited on the body is no
    /// dependency (a worker that took items from a queue before its owner joined it). Waiting in the body for another
    /// event of its own class (a thread joining a sibling created at the same site) is no AA.
    /// </summary>
    public static void BodyEnter(object instance, DeptKey eventKey, DeptSite? site = null)
        => DeptRuntime.Current?.BodyEnter(instance, eventKey, site);

    /// <summary>Ends the body entered by <see cref="BodyEnter"/> for <paramref name="instance"/>.</summary>
    public static void BodyExit(object instance, DeptSite? site = null) => DeptRuntime.Current?.Release(instance, site);

    /// <summary>Exits the explicit event context entered by <see cref="EcxtEnter(DeptMap, DeptSite?)"/>.</summary>
    public static void EcxtExit(DeptMap map, DeptSite? site = null) => DeptRuntime.Current?.EcxtExit(map, site);

    /// <summary>
    /// Declares that a wait on <paramref name="map"/> returned because the event happened, for an event that may have
    /// run before the wait was recorded (so no <see cref="Event(DeptMap, DeptSite?)"/> answered it): keeps the never-fired check quiet.
    /// </summary>
    public static void Answered(DeptMap map) => DeptRuntime.Current?.Answered(map);

    /// <summary>
    /// <see cref="Wait(DeptMap, DeptSite?, bool, DeptKey?)"/> for a patch that declares <c>ref DeptThreadSlot
    /// __context</c>: the thread's tracking state is found once per rewritten method invocation instead of once per call.
    /// </summary>
    public static void Wait(DeptMap map, DeptSite? site, ref DeptThreadSlot context, bool timeout = false, DeptKey? waitKey = null)
        => DeptRuntime.Current?.Wait(map, site, ref context, timeout, waitKey);

    /// <summary><see cref="Event(DeptMap, DeptSite?)"/> with the patch's <c>__context</c> slot.</summary>
    public static void Event(DeptMap map, DeptSite? site, ref DeptThreadSlot context) => DeptRuntime.Current?.Event(map, site, ref context);

    /// <summary><see cref="EcxtEnter(DeptMap, DeptSite?)"/> with the patch's <c>__context</c> slot.</summary>
    public static void EcxtEnter(DeptMap map, DeptSite? site, ref DeptThreadSlot context) => DeptRuntime.Current?.EcxtEnter(map, site, ref context);

    /// <summary><see cref="EcxtExit(DeptMap, DeptSite?)"/> with the patch's <c>__context</c> slot.</summary>
    public static void EcxtExit(DeptMap map, DeptSite? site, ref DeptThreadSlot context) => DeptRuntime.Current?.EcxtExit(map, site, ref context);

    /// <summary>
    /// Declares that the event of <paramref name="map"/> can no longer fire: its source is being disposed or released
    /// (a user primitive's "abandoned" hook). If a waiter is still blocked on it (a pending request of its
    /// <see cref="Wait(DeptMap, DeptSite?, bool, DeptKey?)"/>) or <paramref name="outstanding"/> names a callback or continuation, an unreachable-event
    /// report is made (reason <see cref="DeptUnreachableReason.Released"/>). Call it from the primitive's
    /// <c>Dispose</c>/release path before waking the waiters with an error.
    /// </summary>
    /// <param name="map">The primitive's map.</param>
    /// <param name="reason">Why, e.g. "disposed while pending".</param>
    /// <param name="site">Where the source is abandoned.</param>
    /// <param name="created">Where the source was created, when known.</param>
    /// <param name="outstanding">Outstanding non-blocking waiters (callbacks, continuations), or <see langword="null"/>.</param>
    /// <param name="eventFunction">The operation that would have fired the event (the report's [E]); <c>MapName.event</c> by default.</param>
    public static void Abandon(DeptMap map, string reason, DeptSite? site = null, DeptSite? created = null, IReadOnlyList<string>? outstanding = null, string? eventFunction = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        DeptRuntime.Current?.ReportAbandoned(map, DeptUnreachableReason.Released, reason, eventFunction ?? map.Name + ".event", site, created, outstanding);
    }

    /// <summary>
    /// Registers <paramref name="owner"/> as the only object that can fire the event of <paramref name="map"/>: if it
    /// is collected while a waiter is blocked on <paramref name="map"/> (a pending request), the sweep after the
    /// collection reports an unreachable event naming <paramref name="created"/> and the wait sites. The map must not
    /// reference the owner. Registration costs a weak GC handle; see <see cref="DeptSources"/>.
    /// </summary>
    /// <param name="owner">The object that fires the event (the primitive's "setter" half).</param>
    /// <param name="map">The map waiters wait on.</param>
    /// <param name="created">Where the source was created.</param>
    public static void TrackSource(object owner, DeptMap map, DeptSite? created = null)
        => DeptSources.Track(owner, map, MapSourceProbe.Instance, created);
}
