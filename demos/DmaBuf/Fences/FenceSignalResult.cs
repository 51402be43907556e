namespace DmaBuf.Fences;

/// <summary>What a signal did. Signalling is one-way: only the first signal has an effect.</summary>
public enum FenceSignalResult
{
    /// <summary>This call signalled the fence.</summary>
    Signaled,

    /// <summary>The fence had already signalled; nothing changed.</summary>
    AlreadySignaled,
}
