using DmaBuf.Fences;

namespace DmaBuf.Sync;

/// <summary>A file wrapping one fence, the explicit-sync currency between processes (<c>sync_file</c>).</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SyncFile
{
    private SyncFile(Fence fence, string? name)
    {
        Fence = fence;
        Name = name ?? $"{fence.DriverName}-{fence.TimelineName}{fence.Context}-{fence.Seqno}";
    }

    /// <summary>Gets the wrapped fence.</summary>
    public Fence Fence { get; }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Wraps a fence (<c>sync_file_create</c>), taking a reference.</summary>
    /// <param name="fence">The fence.</param>
    /// <param name="name">A name; by default "driver-timelineCONTEXT-SEQNO".</param>
    /// <returns>The file.</returns>
    public static SyncFile Create(Fence fence, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return new SyncFile(fence.Get(), name);
    }

    /// <summary>Merges two files into a new one (<c>SYNC_IOC_MERGE</c>); the inputs stay valid.</summary>
    /// <param name="name">The new file's name.</param>
    /// <param name="first">A file.</param>
    /// <param name="second">Another file.</param>
    /// <returns>A file signalling when both inputs have.</returns>
    public static SyncFile Merge(string name, SyncFile first, SyncFile second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var merged = FenceUnwrap.Merge(first.Fence.Runtime, first.Fence, second.Fence);
        return new SyncFile(merged, name);
    }

    /// <summary>Describes the file and each fence (<c>SYNC_IOC_FILE_INFO</c>), enabling software signalling first (seed 001).</summary>
    /// <returns>The info.</returns>
    public SyncFileInfo GetInfo()
    {
        var fences = new List<SyncFenceInfo>();
        var overall = FenceStatus.Signaled;
        foreach (var fence in FenceUnwrap.Leaves(Fence))
        {
            var status = fence.GetStatus();
            if (overall == FenceStatus.Signaled && status != FenceStatus.Signaled)
            {
                overall = status;
            }

            var timestamp = status == FenceStatus.Pending ? (DateTimeOffset?)null : fence.Timestamp;
            fences.Add(new SyncFenceInfo(fence.TimelineName, fence.DriverName, status, fence.Error, timestamp));
        }

        return new SyncFileInfo(Name, overall, fences);
    }

    /// <summary>Waits for the fence (poll on the file).</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">Interrupts the wait.</param>
    /// <returns>The outcome.</returns>
    public FenceWaitResult Wait(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Fence.WaitTimeout(timeout, cancellationToken);

    /// <summary>Forwards a deadline hint (<c>SYNC_IOC_SET_DEADLINE</c>).</summary>
    /// <param name="deadline">The deadline.</param>
    public void SetDeadline(DateTimeOffset deadline) => Fence.SetDeadline(deadline);
}
