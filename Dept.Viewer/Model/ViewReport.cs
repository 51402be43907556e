namespace Dept.Viewer.Model;

/// <summary>A reported cycle or unreachable event, as the page and the exporters show it.</summary>
/// <param name="Index">Position in the report list (0-based), used in URLs.</param>
/// <param name="Kind">"Deadlock", "AADeadlock" or "TimeoutCircularDependency".</param>
/// <param name="Fingerprint">Stable identity of the cycle (same classes, same order), used by <c>dept merge</c>.</param>
/// <param name="Contexts">The context blocks A, B, ... in report order.</param>
/// <param name="Cycle">Class ids around the cycle, in context order; each depends on the next (cyclically).</param>
/// <param name="Text">The engine's text rendering of the report.</param>
/// <param name="Reason">
/// For an unreachable event (<c>UnreachableEvent</c>, <c>NeverFiredEvent</c>): why, in the JSON schema's camelCase
/// (<c>collected</c>, <c>released</c>, <c>neverFired</c>, <c>signallerBlocked</c>, <c>signallerGone</c>); null for cycles.
/// </param>
/// <param name="Classes">For an unreachable event: the class ids of its waits and events (it has no cycle); empty for cycles.</param>
internal sealed record ViewReport(
    int Index, string Kind, string Fingerprint, IReadOnlyList<ViewContext> Contexts, IReadOnlyList<int> Cycle, string Text,
    string? Reason = null, IReadOnlyList<int>? Classes = null)
{
    /// <summary>True for an unreachable event or a never-fired warning: shown in its own section, not as a cycle.</summary>
    public bool IsUnreachable => Reason is not null;

    /// <summary>True for the timeout-bounded variant (the waits can give up, so it is a stall, not a hang).</summary>
    public bool IsTimeoutBounded => Kind.Contains("Timeout", StringComparison.OrdinalIgnoreCase);
}
