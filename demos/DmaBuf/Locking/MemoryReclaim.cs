namespace DmaBuf.Locking;

/// <summary>
/// The <c>fs_reclaim</c> annotations. In the kernel these are lockdep-only pseudo-lock operations with no runtime
/// effect; here too they do nothing, and a tracker patched onto them sees memory reclaim as a lock: every
/// <c>GFP_KERNEL</c> allocation "might reclaim", and shrinkers run inside reclaim (scenarios D3, D12).
/// </summary>
public static class MemoryReclaim
{
    /// <summary>Enters memory reclaim (<c>fs_reclaim_acquire</c>): a shrinker or direct reclaim starts.</summary>
    public static void Acquire()
    {
    }

    /// <summary>Leaves memory reclaim (<c>fs_reclaim_release</c>).</summary>
    public static void Release()
    {
    }

    /// <summary>
    /// An allocation that may enter direct reclaim (<c>might_alloc(GFP_KERNEL)</c>): acquire and release at once.
    /// </summary>
    public static void MightReclaim()
    {
        Acquire();
        Release();
    }
}
