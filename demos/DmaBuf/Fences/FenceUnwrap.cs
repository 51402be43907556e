namespace DmaBuf.Fences;

/// <summary>Flattening and merging of fence containers (<c>dma-fence-unwrap.c</c>).</summary>
public static class FenceUnwrap
{
    /// <summary>Yields the leaf fences of <paramref name="fence"/>: array children and chain contents, recursively.</summary>
    /// <param name="fence">A fence or container.</param>
    /// <returns>The leaves.</returns>
    public static IEnumerable<Fence> Leaves(Fence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        switch (fence)
        {
            case FenceArray array:
                foreach (var leaf in array.Fences.SelectMany(Leaves))
                {
                    yield return leaf;
                }

                break;
            case FenceChain chain:
                foreach (var leaf in Leaves(chain.Contained))
                {
                    yield return leaf;
                }

                if (chain.Previous is not null)
                {
                    foreach (var leaf in Leaves(chain.Previous))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return fence;
                break;
        }
    }

    /// <summary>
    /// Merges fences (<c>dma_fence_unwrap_merge</c>): flattens, drops signalled leaves, keeps the later fence per
    /// context. None left gives a signalled stub with the latest timestamp; one gives that fence; more give a
    /// signal-on-all array on a fresh context.
    /// </summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="fences">The inputs.</param>
    /// <returns>The merged fence.</returns>
    public static Fence Merge(DmaRuntime runtime, params IReadOnlyList<Fence> fences)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(fences);
        var latest = DateTimeOffset.MinValue;
        var perContext = new Dictionary<ulong, Fence>();
        foreach (var leaf in fences.SelectMany(Leaves))
        {
            if (leaf.IsSignaled())
            {
                latest = leaf.Timestamp > latest ? leaf.Timestamp : latest;
            }
            else if (!perContext.TryGetValue(leaf.Context, out var kept) || leaf.IsLater(kept))
            {
                perContext[leaf.Context] = leaf;
            }
        }

        return perContext.Count switch
        {
            0 => Fence.CreateSignaledStub(runtime, latest == DateTimeOffset.MinValue ? null : latest),
            1 => perContext.Values.Single().Get(),
            _ => FenceArray.Create(runtime, [.. perContext.Values.Select(f => f.Get())], FenceContext.Allocate(), 1, signalOnAny: false),
        };
    }
}
