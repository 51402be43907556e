using System.Runtime.InteropServices;

namespace Dept.Core.Tracking;

/// <summary>
/// The engine's counters that any thread may write on an event path (a request's wait generation, a tracked
/// source), each on a cache line of its own. Inside the engine object they shared a line with what every lock
/// operation reads (the stop flag, the engine id, the edge table), so each fence request or completion source on
/// one core evicted that line from every other core's cache (issue #12: fence create/signal/wait on 2 threads).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 3 * CacheLine)]
internal sealed class SharedCounters
{
    private const int CacheLine = 64;

    /// <summary>The wait generation: a logical clock bumped by requests that will really be pending, read by every wait.</summary>
    [FieldOffset(CacheLine)]
    public int WaitGeneration;

    /// <summary>
    /// Requests published and not yet taken by their event, on the wait generation's line: written by the same
    /// requests (and by the events that take them), read by every wait right after the generation. While it is 0 no
    /// event window is open anywhere, so a wait needs no history entry (see <c>DeptEngine.InAnyWindow</c>).
    /// </summary>
    [FieldOffset(CacheLine + sizeof(int))]
    public int PendingRequests;

    /// <summary>Completion sources and fences registered for the unreachable-event checks (statistics).</summary>
    [FieldOffset(2 * CacheLine)]
    public long TrackedSources;
}
