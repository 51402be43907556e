namespace DmaBuf.Reservation;

/// <summary>Helpers for <see cref="DmaResvUsage"/>.</summary>
public static class DmaResvUsages
{
    /// <summary>
    /// The usage to wait for before an access (<c>dma_resv_usage_rw</c>): a write waits for reads and writes
    /// (<see cref="DmaResvUsage.Read"/>), a read only for writes (<see cref="DmaResvUsage.Write"/>).
    /// </summary>
    /// <param name="write">Whether the access writes.</param>
    /// <returns>The usage to query.</returns>
    public static DmaResvUsage ForAccess(bool write) => write ? DmaResvUsage.Read : DmaResvUsage.Write;

    /// <summary>Returns the name <c>dma_resv_describe</c> prints.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>"kernel", "write", "read" or "bookkeep".</returns>
    public static string Name(this DmaResvUsage usage) => usage.ToString().ToLowerInvariant();
}
