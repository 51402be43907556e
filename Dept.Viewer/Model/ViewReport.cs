namespace Dept.Viewer.Model;

/// <summary>A reported cycle, as the page and the exporters show it.</summary>
/// <param name="Index">Position in the report list (0-based), used in URLs.</param>
/// <param name="Kind">"Deadlock", "AADeadlock" or "TimeoutCircularDependency".</param>
/// <param name="Fingerprint">Stable identity of the cycle (same classes, same order), used by <c>dept merge</c>.</param>
/// <param name="Contexts">The context blocks A, B, ... in report order.</param>
/// <param name="Cycle">Class ids around the cycle, in context order; each depends on the next (cyclically).</param>
/// <param name="Text">The engine's text rendering of the report.</param>
internal sealed record ViewReport(
    int Index, string Kind, string Fingerprint, IReadOnlyList<ViewContext> Contexts, IReadOnlyList<int> Cycle, string Text)
{
    /// <summary>True for the timeout-bounded variant (the waits can give up, so it is a stall, not a hang).</summary>
    public bool IsTimeoutBounded => Kind.Contains("Timeout", StringComparison.OrdinalIgnoreCase);
}
