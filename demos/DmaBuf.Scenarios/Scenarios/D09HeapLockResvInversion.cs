using DmaBuf.Buffers;
using DmaBuf.Locking;
using DmaBuf.Reservation;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D9: upstream order is reservation lock, then the heap buffer's lock (the vmap path). A buggy exporter's
/// <c>begin_cpu_access</c> takes its buffer lock and then the reservation lock: ABBA with the vmap path. The two
/// paths run one after the other on different buffers, so nothing hangs.
/// </summary>
public sealed class D09HeapLockResvInversion : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D9";

    /// <inheritdoc/>
    public override string Title => "heap buffer lock vs reservation lock inversion";

    /// <inheritdoc/>
    public override string Models => "vmap takes resv then buffer->lock; a buggy exporter's begin_cpu_access takes buffer->lock then resv";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var upstream = world.Allocate();
        ScenarioWorld.OnThread("vmap", () =>
        {
            upstream.Resv.Lock();
            upstream.Vmap();
            upstream.Vunmap();
            upstream.Resv.Unlock();
        });

        var resv = new ReservationObject(world.Runtime);
        var buggy = DmaBuffer.Export(world.Runtime, new InvertingExporter(resv), resv, "buggy");
        ScenarioWorld.OnThread("cpu-access", () =>
        {
            buggy.BeginCpuAccess(DmaDataDirection.ToDevice);
            buggy.EndCpuAccess(DmaDataDirection.ToDevice);
        });
        upstream.Put();
        buggy.Put();
    }

    /// <summary>An exporter that locks its reservation object inside its own buffer lock.</summary>
    private sealed class InvertingExporter(ReservationObject resv) : DmaBufExporter
    {
        private readonly KernelMutex _lock = new(HeapBufferLockClass);
        private readonly byte[] _pages = new byte[4096];

        // Same class as the heaps' buffer lock: the bug is the order, not the lock.
        private const string HeapBufferLockClass = "heap_buffer.lock";

        public override string ExporterName => "buggy_heap";

        public override ulong Size => (ulong)_pages.Length;

        public override DmaMapping Map(DmaBufAttachment attachment, DmaDataDirection direction) => new([new(0x1000, Size)], direction);

        public override void Unmap(DmaBufAttachment attachment, DmaMapping mapping)
        {
        }

        public override void BeginCpuAccess(DmaDataDirection direction)
        {
            _lock.Lock();
            resv.Lock();
            resv.Unlock();
            _lock.Unlock();
        }

        public override void Read(ulong offset, Span<byte> destination) => _pages.AsSpan((int)offset, destination.Length).CopyTo(destination);

        public override void Write(ulong offset, ReadOnlySpan<byte> source) => source.CopyTo(_pages.AsSpan((int)offset));

        public override void Release()
        {
        }
    }
}
