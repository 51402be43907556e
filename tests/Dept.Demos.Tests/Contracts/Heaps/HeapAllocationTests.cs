using DmaBuf;
using DmaBuf.Heaps;

namespace Dept.Demos.Tests.Contracts.Heaps;

public sealed class HeapAllocationTests
{
    private readonly DmaRuntime _runtime = new();
    private readonly DmaHeapRegistry _heaps = new();
    private readonly SystemHeap _system;
    private readonly ContiguousHeap _cma;

    public HeapAllocationTests()
    {
        _system = new SystemHeap(_runtime, 4UL << 20);
        _cma = new ContiguousHeap(_runtime, 1UL << 20);
        _heaps.Add(_system);
        _heaps.Add(_cma);
    }

    [Fact]
    public void Heaps_AreNamedAfterTheirRegion()
    {
        Assert.Equal(["default_cma_region", "system"], _heaps.Heaps.Select(h => h.Name).Order());
        Assert.Contains("contiguous", _cma.Description, StringComparison.Ordinal);
        Assert.True(_cma.IsContiguous);
        Assert.False(_system.IsContiguous);
        var ex = Assert.Throws<ArgumentException>(() => _heaps.Add(new SystemHeap(_runtime, 4096)));
        Assert.Contains("Already registered heap named system", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope", 4096UL, DmaFdFlags.ReadWrite, 0UL, "no dma heap named 'nope'")]
    [InlineData("system", 4096UL, (DmaFdFlags)0x40, 0UL, "unknown fd flags 0x40")]
    [InlineData("system", 4096UL, DmaFdFlags.ReadWrite, 1UL, "unknown heap flags 0x1")]
    [InlineData("system", 0UL, DmaFdFlags.ReadWrite, 0UL, "length is zero")]
    [InlineData("system", ulong.MaxValue, DmaFdFlags.ReadWrite, 0UL, "overflows")]
    public void BadRequest_NamesTheReasonAndAllocatesNothing(string heap, ulong length, DmaFdFlags fdFlags, ulong heapFlags, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => _heaps.Allocate(heap, length, fdFlags, (DmaHeapFlags)heapFlags));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0UL, _system.UsedBytes);
    }

    [Fact]
    public void Length_IsRoundedUpToThePageSize()
    {
        var buffer = _heaps.Allocate("system", 5000);
        Assert.Equal(8192UL, buffer.Size);
        Assert.Equal(8192UL, _system.UsedBytes);
        buffer.Put();
        Assert.Equal(0UL, _system.UsedBytes);
    }

    [Fact]
    public void SystemHeap_ScattersChunksWhileCmaIsOneRange()
    {
        var scattered = _heaps.Allocate("system", (1UL << 20) + 65536 + 4096);
        var contiguous = _heaps.Allocate("default_cma_region", 65536 + 4096);
        var a = scattered.Attach("dev");
        var b = contiguous.Attach("dev");
        Assert.Equal([1UL << 20, 65536UL, 4096UL], scattered.MapAttachmentUnlocked(a, DmaBuf.Buffers.DmaDataDirection.ToDevice).Segments.Select(s => s.Length));
        var single = Assert.Single(contiguous.MapAttachmentUnlocked(b, DmaBuf.Buffers.DmaDataDirection.ToDevice).Segments);
        Assert.Equal(_cma.BaseAddress, single.Address);
        Assert.All(scattered.Attachments[0].Mapping!.Segments, s => Assert.Equal(0UL, s.Address % DmaHeap.PageSize));
    }

    [Fact]
    public void FullHeap_GivesAClearOutOfMemoryError()
    {
        var big = _heaps.Allocate("system", 3UL << 20);
        var ex = Assert.Throws<InsufficientMemoryException>(() => _heaps.Allocate("system", 2UL << 20));
        Assert.Contains("dma heap 'system': out of memory", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3UL << 20, _system.UsedBytes);
        big.Put();
    }

    [Fact]
    public void FragmentedCma_FailsWithFreeBytesLeftThenRecoversOnFree()
    {
        var parts = Enumerable.Range(0, 4).Select(_ => _heaps.Allocate("default_cma_region", 256 * 1024)).ToList();
        parts[0].Put();
        parts[2].Put();
        var ex = Assert.Throws<InsufficientMemoryException>(() => _heaps.Allocate("default_cma_region", 512 * 1024));
        Assert.Contains("no contiguous range", ex.Message, StringComparison.Ordinal);
        parts[1].Put();
        var merged = _heaps.Allocate("default_cma_region", 768 * 1024);
        Assert.Equal(768UL * 1024, merged.Size);
    }
}
