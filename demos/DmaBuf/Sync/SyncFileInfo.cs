using DmaBuf.Fences;

namespace DmaBuf.Sync;

/// <summary>A sync file's info (<c>SYNC_IOC_FILE_INFO</c>).</summary>
/// <param name="Name">The file's name.</param>
/// <param name="Status">The overall status: signalled only if every fence is; the first non-signalled status sticks.</param>
/// <param name="Fences">Each unwrapped fence with its status.</param>
public sealed record SyncFileInfo(string Name, FenceStatus Status, IReadOnlyList<SyncFenceInfo> Fences);
