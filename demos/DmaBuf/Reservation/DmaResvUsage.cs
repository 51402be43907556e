namespace DmaBuf.Reservation;

/// <summary>
/// How a fence in a reservation object is used (<c>enum dma_resv_usage</c>). Ordered: querying a usage returns
/// every fence with that usage or a lower one.
/// </summary>
public enum DmaResvUsage
{
    /// <summary>Kernel memory management (moves, clears); everyone waits for these.</summary>
    Kernel,

    /// <summary>Implicit-sync writes.</summary>
    Write,

    /// <summary>Implicit-sync reads.</summary>
    Read,

    /// <summary>No implicit sync (preemption fences, page-table updates); never waited for implicitly.</summary>
    Bookkeep,
}
