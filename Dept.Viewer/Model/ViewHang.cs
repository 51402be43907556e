namespace Dept.Viewer.Model;

/// <summary>
/// A long wait that forms no cycle (a hang, seen by live attach), as the page and the API show it. Unlike a report it
/// names threads and instances, not classes: nothing links it to the class graph.
/// </summary>
/// <param name="Thread">The waiting thread, e.g. <c>thread 4711</c>.</param>
/// <param name="WaitingOn">What it waits on, e.g. <c>thread 4711 waits for lock 0x55aa held by thread 13</c>.</param>
/// <param name="Owner">The thread or task that must act first, or null when the runtime does not say.</param>
/// <param name="Waited">How long it had waited when it was reported.</param>
/// <param name="Stack">The waiting thread's frames, innermost first; empty when no stack was captured.</param>
internal sealed record ViewHang(string Thread, string WaitingOn, string? Owner, TimeSpan Waited, IReadOnlyList<string> Stack);
