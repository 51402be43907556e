namespace DmaBuf.Fences;

/// <summary>The result of adding a callback to a fence.</summary>
public enum AddCallbackResult
{
    /// <summary>The callback is queued and will run when the fence signals.</summary>
    Added,

    /// <summary>The fence had already signalled (<c>-ENOENT</c>); the callback was not called and is not queued.</summary>
    AlreadySignaled,
}
