using DmaBuf.Diagnostics;
using DmaBuf.Reservation;

namespace DmaBuf.Buffers;

/// <summary>
/// A shared buffer (<c>struct dma_buf</c>): an exporter's storage, a reservation object with its fences, and the
/// importers' attachments. Follows the kernel's locking convention (DOC "locking convention").
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed partial class DmaBuffer
{
    // Replaced as a whole under the reservation lock (the kernel's attachment list is guarded by it); read lock-free.
    private DmaBufAttachment[] _attachments = [];
    private int _refCount = 1;
    private int _vmapCount;
    private int _cpuAccess;

    private DmaBuffer(DmaRuntime runtime, DmaBufExporter exporter, ReservationObject resv, string? name)
    {
        Runtime = runtime;
        Exporter = exporter;
        Resv = resv;
        Name = name;
        Inode = runtime.NextInode();
    }

    /// <summary>Gets the runtime.</summary>
    public DmaRuntime Runtime { get; }

    /// <summary>Gets the exporter.</summary>
    public DmaBufExporter Exporter { get; }

    /// <summary>Gets the reservation object (the exporter's, or an embedded one).</summary>
    public ReservationObject Resv { get; }

    /// <summary>Gets the size in bytes.</summary>
    public ulong Size => Exporter.Size;

    /// <summary>Gets the exporter name.</summary>
    public string ExporterName => Exporter.ExporterName;

    /// <summary>Gets the user-set name, if any.</summary>
    public string? Name { get; }

    /// <summary>Gets the inode number, unique per buffer.</summary>
    public long Inode { get; }

    /// <summary>Gets a snapshot of the attachments.</summary>
    public IReadOnlyList<DmaBufAttachment> Attachments => Volatile.Read(ref _attachments);

    /// <summary>Exports a buffer (<c>dma_buf_export</c>).</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="exporter">The exporter.</param>
    /// <param name="resv">A reservation object to share, or <see langword="null"/> for an embedded one.</param>
    /// <param name="name">An optional name.</param>
    /// <returns>The buffer, with one reference.</returns>
    public static DmaBuffer Export(DmaRuntime runtime, DmaBufExporter exporter, ReservationObject? resv = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(exporter);
        return new DmaBuffer(runtime, exporter, resv ?? new ReservationObject(runtime), name);
    }

    /// <summary>Takes a reference (<c>get_dma_buf</c>).</summary>
    /// <returns>This buffer.</returns>
    public DmaBuffer Get()
    {
        Interlocked.Increment(ref _refCount);
        return this;
    }

    /// <summary>Drops a reference (<c>dma_buf_put</c>); the last one releases the storage.</summary>
    public void Put()
    {
        var left = Interlocked.Decrement(ref _refCount);
        if (left < 0)
        {
            throw new InvalidOperationException($"dma-buf {Inode} was put more often than it was got.");
        }

        if (left > 0)
        {
            return;
        }

        var attached = Attachments.Count;
        if (attached > 0 || Volatile.Read(ref _vmapCount) > 0)
        {
            Runtime.Warnings.Warn(DmaWarningCode.BufferReleasedInUse,
                $"dma-buf {Inode} released with {attached} attachment(s) and {_vmapCount} kernel mapping(s): buffer still mapped in the kernel");
        }

        Exporter.Release();
    }
}
