namespace DmaBuf.Heaps;

/// <summary>
/// The heap naming rules of the heap-naming thread (seeds 000/001, added to dma-buf-heaps.rst): a name is the
/// stable userspace ABI by which a heap is chosen, so it must (1) stay stable across versions, (2) describe and
/// uniquely identify the memory region, and (3) not mention implementation details such as the allocator; it may
/// describe buffer properties (<c>cacheable</c>, <c>uncacheable</c>, <c>contiguous</c>, <c>protected</c>) and usage.
/// <c>memory@42000000-cacheable-contiguous</c> and <c>video@42000000</c> are good; <c>cma-video</c> is not.
/// </summary>
public static class HeapNames
{
    /// <summary>Words that name an allocator or an implementation rather than the memory (rule 3).</summary>
    public static IReadOnlyList<string> ImplementationWords { get; } = ["cma", "ion", "carveout", "genpool", "dma_alloc", "coherent", "vmalloc", "kmalloc", "pool"];

    /// <summary>
    /// In-tree names kept for stability although they predate the rule (rule 1 wins): the CMA heap's fixed name since
    /// 6.17. The legacy CMA names (<c>reserved</c>, <c>linux,cma</c>, <c>default-pool</c>) are only accepted as a
    /// legacy alias (<see cref="DmaHeapRegistry.AddLegacyAlias"/>).
    /// </summary>
    public static IReadOnlyList<string> GrandfatheredNames { get; } = ["system", "default_cma_region"];

    /// <summary>The legacy CMA heap names (<c>CONFIG_DMABUF_HEAPS_CMA_LEGACY</c>, seed 001).</summary>
    public static IReadOnlyList<string> LegacyCmaNames { get; } = ["reserved", "linux,cma", "default-pool"];

    /// <summary>Returns why <paramref name="name"/> breaks the rules, or <see langword="null"/> if it is a good heap name.</summary>
    /// <param name="name">The proposed name.</param>
    /// <returns>The problem, in a sentence that names the rule.</returns>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "dma_heap: Cannot add heap without a name";
        }

        if (GrandfatheredNames.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        // Device node names: /dev/dma_heap/<name>. Lower case keeps names stable and unambiguous for userspace lookups.
        foreach (var c in name)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or ',' or '@' or '.'))
            {
                return $"dma_heap: heap name '{name}' contains '{c}'; a heap name is the device node /dev/dma_heap/<name>: use lower-case letters, digits and - _ , @ . only";
            }
        }

        var words = name.Split(['-', '_', ',', '@', '.'], StringSplitOptions.RemoveEmptyEntries);
        var word = words.FirstOrDefault(w => ImplementationWords.Contains(w, StringComparer.Ordinal));
        if (word is not null)
        {
            return $"dma_heap: heap name '{name}' names the allocator ('{word}'); a heap name must describe the memory region and its buffer properties, not how it is allocated (e.g. 'video@42000000' or 'memory@42000000-cacheable-contiguous', not 'cma-video')";
        }

        return null;
    }
}
