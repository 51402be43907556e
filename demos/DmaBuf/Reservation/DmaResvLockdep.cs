using DmaBuf.Fences;
using DmaBuf.Locking;

namespace DmaBuf.Reservation;

/// <summary>
/// The boot-time lock-order priming (<c>dma_resv_lockdep()</c> initcall): takes the locks in the order every
/// driver must obey, <c>reservation_ww_class_mutex -&gt; fs_reclaim -&gt; dma_fence_map (might_wait)</c>, once, so
/// one device suffices to find a violation (D2, D3) even if the other half never ran.
/// </summary>
public static class DmaResvLockdep
{
    /// <summary>Runs the priming sequence. Does nothing visible without a tracker.</summary>
    /// <param name="runtime">The runtime.</param>
    public static void Prime(DmaRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var obj = new ReservationObject(runtime);
        using var context = new WwAcquireContext(runtime);
        obj.Lock(context);
        try
        {
            MemoryReclaim.Acquire();
            FenceSignalling.MightWait();
            MemoryReclaim.Release();
        }
        finally
        {
            obj.Unlock();
        }
    }
}
