using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Buffers;
using DmaBuf.Diagnostics;
using DmaBuf.Fences;
using DmaBuf.Heaps;
using DmaBuf.Reservation;
using DmaBuf.Scheduling;

namespace Dept.Demos.Tests.Contracts.Buffers;

public sealed class DmaBufferTests
{
    private readonly DmaRuntime _runtime = new();
    private readonly DmaBuffer _buffer;

    public DmaBufferTests() => _buffer = new SystemHeap(_runtime, 1UL << 20).Allocate(8192);

    [Fact]
    public void AttachMapUnmapDetach_FollowTheDeviceAccessSequence()
    {
        var attachment = _buffer.Attach("gpu0");
        Assert.Single(_buffer.Attachments);
        Assert.Throws<InvalidOperationException>(() => _buffer.MapAttachment(attachment, DmaDataDirection.ToDevice));
        var mapping = _buffer.MapAttachmentUnlocked(attachment, DmaDataDirection.ToDevice);
        Assert.Equal(_buffer.Size, mapping.Length);
        Assert.True(attachment.IsMapped);
        Assert.Throws<InvalidOperationException>(() => _buffer.Detach(attachment));
        _buffer.UnmapAttachmentUnlocked(attachment);
        _buffer.Detach(attachment);
        Assert.Empty(_buffer.Attachments);
        Assert.Throws<ArgumentException>(() => _buffer.MapAttachmentUnlocked(attachment, DmaDataDirection.ToDevice));
    }

    [Fact]
    public void Importers_GetAddressesNeverPages()
    {
        var properties = typeof(DmaMapping).GetProperties().Select(p => p.PropertyType).ToList();
        Assert.DoesNotContain(properties, t => t == typeof(byte[]) || t.Name.Contains("Span", StringComparison.Ordinal) || t.Name.Contains("Memory", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => _buffer.CpuWrite(0, [1, 2, 3]));
    }

    [Fact]
    public void CpuAccess_BracketsReadsAndWrites()
    {
        Assert.True(_buffer.BeginCpuAccess(DmaDataDirection.ToDevice).IsSignaled);
        _buffer.CpuWrite(4094, [1, 2, 3, 4]);
        var back = new byte[4];
        _buffer.CpuRead(4094, back);
        Assert.Equal([1, 2, 3, 4], back);
        Assert.Throws<ArgumentOutOfRangeException>(() => _buffer.CpuWrite(8190, [1, 2, 3]));
        _buffer.EndCpuAccess(DmaDataDirection.ToDevice);
        Assert.Throws<InvalidOperationException>(() => _buffer.EndCpuAccess(DmaDataDirection.ToDevice));
    }

    [Fact]
    public void BeginCpuAccess_WaitsForTheWriteFence()
    {
        using var ring = new GpuScheduler(_runtime, "test-ring");
        using var gate = new ManualResetEventSlim();
        var job = ring.Submit(_ => gate.Wait(TestThread<bool>.Patience));
        Publish(job.Finished, DmaResvUsage.Write);
        var reader = TestThread<FenceWaitResult>.Start(() => _buffer.BeginCpuAccess(DmaDataDirection.FromDevice));
        Assert.False(reader.TryJoin(TimeSpan.FromMilliseconds(50)), "CPU access opened before the write fence signalled.");
        Assert.False(_buffer.InCpuAccess);
        gate.Set();
        Assert.True(reader.Join().IsSignaled);
        Assert.True(job.Finished.TestSignaledFlag());
        Assert.True(_buffer.InCpuAccess);
    }

    [Fact]
    public void BeginCpuAccess_Interrupted_LeavesAccessClosed()
    {
        Publish(TestFences.Create(_runtime), DmaResvUsage.Write);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Equal(FenceWaitStatus.Interrupted, _buffer.BeginCpuAccess(DmaDataDirection.FromDevice, cts.Token).Status);
        Assert.False(_buffer.InCpuAccess);
    }

    [Fact]
    public void MapAttachment_StaticImporterWaitsForKernelFencesOnly()
    {
        Publish(TestFences.Create(_runtime), DmaResvUsage.Write);
        var attachment = _buffer.Attach("gpu0");
        Assert.True(_buffer.MapAttachmentUnlocked(attachment, DmaDataDirection.ToDevice).Length > 0);
        _buffer.UnmapAttachmentUnlocked(attachment);
    }

    [Fact]
    public void Vmap_NeedsTheReservationLock()
    {
        Assert.Throws<InvalidOperationException>(_buffer.Vmap);
        _buffer.Resv.Lock();
        _buffer.Vmap();
        _buffer.Vunmap();
        Assert.Throws<InvalidOperationException>(_buffer.Vunmap);
        _buffer.Resv.Unlock();
    }

    [Fact]
    public void AttachUnderTheSameReservationLock_IsRefusedNotHung()
    {
        _buffer.Resv.Lock();
        Assert.Throws<LockRecursionException>(() => _buffer.Attach("importer"));
        _buffer.Resv.Unlock();
    }

    [Fact]
    public void ReleaseWhileAttached_Warns()
    {
        _buffer.Attach("gpu0");
        _buffer.Put();
        Assert.Equal(1, _runtime.Warnings.CountOf(DmaWarningCode.BufferReleasedInUse));
    }

    [Fact]
    public void JobWhoseWorkThrows_StillSignalsWithAnError()
    {
        using var ring = new GpuScheduler(_runtime, "test-ring");
        var job = ring.Submit(_ => throw new InvalidOperationException("hang"));
        Assert.True(job.Finished.Wait(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token).IsSignaled);
        Assert.Equal(FenceErrors.Canceled, job.Finished.Error);
        Assert.Equal(0, ring.InFlight);
    }

    private void Publish(Fence fence, DmaResvUsage usage)
    {
        _buffer.Resv.Lock();
        _buffer.Resv.ReserveFences(1);
        _buffer.Resv.AddFence(fence, usage);
        _buffer.Resv.Unlock();
    }
}
