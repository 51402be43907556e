using DmaBuf;
using DmaBuf.Diagnostics;
using DmaBuf.Heaps;

namespace Dept.Demos.Tests.Contracts.Heaps;

/// <summary>The heap naming rules of seeds 000/001, enforced by the registry with an error naming the rule.</summary>
public sealed class HeapNamingTests
{
    private readonly DmaRuntime _runtime = new();

    [Theory]
    [InlineData("video@42000000")]
    [InlineData("memory@42000000-cacheable-contiguous")]
    [InlineData("protected,secure-video")]
    [InlineData("system")]
    [InlineData("default_cma_region")]
    public void GoodNames_AreRegistered(string name)
    {
        var heaps = new DmaHeapRegistry(_runtime);
        heaps.Add(new ContiguousHeap(_runtime, 1UL << 20, name: name));

        Assert.True(heaps.TryGet(name, out _));
        Assert.Equal(0, _runtime.Warnings.Count);
    }

    [Theory]
    [InlineData("cma-video", "names the allocator ('cma')")]
    [InlineData("carveout", "names the allocator ('carveout')")]
    [InlineData("ion,system", "names the allocator ('ion')")]
    [InlineData("Video@42000000", "contains 'V'")]
    [InlineData("video/main", "contains '/'")]
    [InlineData("video memory", "contains ' '")]
    public void BadNames_AreRefusedWithTheRule_AndNothingIsRegistered(string name, string expected)
    {
        var heaps = new DmaHeapRegistry(_runtime);

        var ex = Assert.Throws<ArgumentException>(() => heaps.Add(new ContiguousHeap(_runtime, 1UL << 20, name: name)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(heaps.Heaps);
        Assert.Equal(DmaWarningCode.HeapNameRejected, Assert.Single(_runtime.Warnings.Entries).Code);
    }

    [Fact]
    public void LegacyAlias_OnlyTheLegacyCmaNames_NeverTheHeapsOwnName()
    {
        var heaps = new DmaHeapRegistry(_runtime);
        var cma = new ContiguousHeap(_runtime, 1UL << 20);
        heaps.Add(cma);

        heaps.AddLegacyAlias(cma, "linux,cma");

        Assert.True(heaps.TryGet("linux,cma", out var alias));
        Assert.Same(cma, alias);
        Assert.Contains("not a legacy heap name", Assert.Throws<ArgumentException>(() => heaps.AddLegacyAlias(cma, "video")).Message, StringComparison.Ordinal);
        Assert.Contains("the heap's own name", Assert.Throws<ArgumentException>(() => heaps.AddLegacyAlias(cma, ContiguousHeap.DefaultRegionName)).Message, StringComparison.Ordinal);
        Assert.Contains("Already registered heap named linux,cma", Assert.Throws<ArgumentException>(() => heaps.AddLegacyAlias(cma, "linux,cma")).Message, StringComparison.Ordinal);
    }
}
