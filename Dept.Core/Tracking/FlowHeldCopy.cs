namespace Dept.Core.Tracking;

/// <summary>
/// A lock handed over to a flow that did not acquire it (an async helper's <c>LockAsync</c> returning while holding
/// it): a node of the adopting flow's chain that stands for the helper's acquire, so a release through either flow
/// ends both.
/// </summary>
internal sealed class FlowHeldCopy : FlowHeld
{
    public FlowHeldCopy(FlowHeld origin, FlowHeld? next)
        : base(origin.ClassId, origin.Instance, origin.Nest, origin.SiteId, origin.State, origin.Acquired, next)
        => Origin = origin.Acquire;

    /// <summary>The acquire itself: the node of the flow that acquired the lock.</summary>
    public FlowHeld Origin { get; }
}
