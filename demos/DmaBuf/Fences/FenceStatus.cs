namespace DmaBuf.Fences;

/// <summary>A fence's status (<c>dma_fence_get_status</c>: 0, 1 or a negative error).</summary>
public enum FenceStatus
{
    /// <summary>Not signalled yet.</summary>
    Pending,

    /// <summary>Signalled without error.</summary>
    Signaled,

    /// <summary>Signalled with an error.</summary>
    Error,
}
