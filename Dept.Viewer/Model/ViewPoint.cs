namespace Dept.Viewer.Model;

/// <summary>One line of a report context: <c>[S]</c>, <c>[W]</c> or <c>[E]</c> with its source line and stack.</summary>
/// <param name="Tag">"S", "W" or "E".</param>
/// <param name="Function">The primitive operation (e.g. <c>Monitor.Enter</c>), or "(unknown)".</param>
/// <param name="ClassName">The class the point refers to.</param>
/// <param name="Location">"member at file:line", or null when unknown (DEPT's <c>(N/A)</c>).</param>
/// <param name="Stack">Captured frames, innermost first; empty when stacks were not captured.</param>
/// <param name="Note">The engine's explanation, e.g. "(wait to wake up) requested by thread #7", or null.</param>
internal sealed record ViewPoint(string Tag, string Function, string ClassName, string? Location, IReadOnlyList<string> Stack, string? Note = null);
