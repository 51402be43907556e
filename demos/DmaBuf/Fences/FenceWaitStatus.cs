namespace DmaBuf.Fences;

/// <summary>How a fence wait ended (the kernel's &gt;0 / 0 / <c>-ERESTARTSYS</c>).</summary>
public enum FenceWaitStatus
{
    /// <summary>The fence signalled.</summary>
    Signaled,

    /// <summary>The timeout elapsed first.</summary>
    TimedOut,

    /// <summary>The wait was interrupted (its cancellation token fired).</summary>
    Interrupted,
}
