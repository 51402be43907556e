using DmaBuf.Fences;

namespace DmaBuf.Sync;

/// <summary>One fence in a sync file's info (<c>struct sync_fence_info</c>).</summary>
/// <param name="ObjectName">The timeline name (reads "signaled-timeline" once signalled).</param>
/// <param name="DriverName">The driver name (reads "detached-driver" once signalled).</param>
/// <param name="Status">The fence's status.</param>
/// <param name="Error">The fence's error, 0 if none.</param>
/// <param name="Timestamp">The signal time, if signalled.</param>
public sealed record SyncFenceInfo(string ObjectName, string DriverName, FenceStatus Status, int Error, DateTimeOffset? Timestamp);
