using Dept.Core.Annotations;

namespace Dept.Core.Lifetimes;

/// <summary>
/// How Dept asks one kind of completion source about its state when the source's owner has been collected
/// (<see cref="DeptSources.Track"/>). The instrumentation implements it for <c>TaskCompletionSource</c>; a user
/// primitive implements it for its own waitable, or uses <see cref="DeptSdt.TrackSource"/>, which needs none.
/// </summary>
/// <remarks>Called from the sweep (any thread, never under a user lock); implementations must be cheap, thread-safe and must not block.</remarks>
public interface IDeptSourceProbe
{
    /// <summary>Returns whether the waitable's event already fired (then dropping its source is harmless).</summary>
    /// <param name="waitable">The object waiters hold (e.g. the <c>Task</c> of a <c>TaskCompletionSource</c>).</param>
    /// <returns><see langword="true"/> once completed.</returns>
    bool IsCompleted(object waitable);

    /// <summary>Returns the map the waitable's blocking waits were recorded on, if any wait was.</summary>
    /// <param name="waitable">The waitable.</param>
    /// <returns>The map, or <see langword="null"/>.</returns>
    DeptMap? MapOf(object waitable);

    /// <summary>
    /// Describes the outstanding non-blocking waiters (an <c>await</c> continuation, a registered callback), one
    /// string each, e.g. <c>await in Orders.Checkout.RunAsync</c>; empty when none.
    /// </summary>
    /// <param name="waitable">The waitable.</param>
    /// <returns>The descriptions.</returns>
    IReadOnlyList<string> Continuations(object waitable);

    /// <summary>Names the operation that would have fired the event, e.g. <c>TaskCompletionSource&lt;Int32&gt;.SetResult</c>.</summary>
    /// <param name="waitable">The waitable.</param>
    /// <returns>The [E] function of the report.</returns>
    string EventFunction(object waitable);
}
