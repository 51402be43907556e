namespace DmaBuf.Fences;

/// <summary>The fence state bits (<c>DMA_FENCE_FLAG_*</c>), in the order the code sets them.</summary>
[Flags]
public enum FenceFlags
{
    /// <summary>No bit set.</summary>
    None = 0,

    /// <summary>The fence uses its own lock rather than a shared external one.</summary>
    InlineLock = 1 << 0,

    /// <summary>Seqnos compare as plain 64-bit numbers instead of wrap-safe 32-bit ones.</summary>
    Seqno64 = 1 << 1,

    /// <summary>The fence has signalled.</summary>
    Signaled = 1 << 2,

    /// <summary>The signal timestamp is published.</summary>
    Timestamp = 1 << 3,

    /// <summary>Software signalling was enabled.</summary>
    EnableSignal = 1 << 4,
}
