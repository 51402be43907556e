using DmaBuf.Locking;

namespace DmaBuf.Fences;

/// <summary>
/// One point of a timeline semaphore (<c>dma_fence_chain</c>): it signals when its own fence and every earlier
/// point's fence have signalled. Signalling is deferred to <see cref="IrqWork"/>, never done in a callback.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class FenceChain : Fence
{
    /// <summary>The lock class of chain nodes.</summary>
    public const string LockClass = "dma_fence_chain.lock";

    private static readonly ChainOps s_ops = new();

    private FenceChain(DmaRuntime runtime, Fence? previous, Fence fence, ulong context, ulong seqno, ulong previousSeqno)
        : base(s_ops, runtime, context, seqno, LockClass)
    {
        Previous = previous;
        Contained = fence;
        PreviousSeqno = previousSeqno;
    }

    /// <summary>Gets the previous point, if any.</summary>
    public Fence? Previous { get; }

    /// <summary>Gets the fence this point wraps (<c>dma_fence_chain_contained</c>).</summary>
    public Fence Contained { get; }

    /// <summary>Gets the seqno of the previous point on the same context, or 0.</summary>
    public ulong PreviousSeqno { get; }

    /// <summary>
    /// Creates a point after <paramref name="previous"/> (<c>dma_fence_chain_init</c>): on the previous chain's
    /// context when <paramref name="seqno"/> is later, otherwise on a new context.
    /// </summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="previous">The previous point (a chain or any fence), or <see langword="null"/>.</param>
    /// <param name="fence">The fence this point wraps.</param>
    /// <param name="seqno">The point's value.</param>
    /// <returns>The point.</returns>
    public static FenceChain Create(DmaRuntime runtime, Fence? previous, Fence fence, ulong seqno)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(fence);
        if (previous is FenceChain chain && IsLaterSeqno(seqno, chain.Seqno, seqno64: true))
        {
            return new FenceChain(runtime, previous, fence, chain.Context, seqno, chain.Seqno);
        }

        var point = previous is null ? seqno : Math.Max(previous.Seqno, seqno);
        return new FenceChain(runtime, previous, fence, FenceContext.Allocate(), point, 0);
    }

    /// <summary>
    /// Finds the point that signals <paramref name="seqno"/> (<c>dma_fence_chain_find_seqno</c>); 0 returns this.
    /// </summary>
    /// <param name="seqno">The timeline value.</param>
    /// <returns>The earliest point at or after <paramref name="seqno"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The point was not submitted yet (<c>-EINVAL</c>).</exception>
    public Fence FindSeqno(ulong seqno)
    {
        if (seqno == 0)
        {
            return this;
        }

        if (Seqno < seqno)
        {
            throw new ArgumentOutOfRangeException(nameof(seqno), seqno, $"Timeline point {seqno} is not submitted yet (head is {Seqno}).");
        }

        Fence node = this;
        while (node is FenceChain { Previous: FenceChain prev } && prev.Context == Context && prev.Seqno >= seqno)
        {
            node = prev;
        }

        return node;
    }

    private IEnumerable<Fence> ContainedFences()
    {
        for (Fence? node = this; node is not null; node = (node as FenceChain)?.Previous)
        {
            yield return node is FenceChain chain ? chain.Contained : node;
        }
    }

    private Fence? FirstUnsignaled() => ContainedFences().FirstOrDefault(f => !f.IsSignaled());

    // Caller holds this node's lock. Hooks a callback on the first unsignalled fence; false if none is left.
    private bool Arm()
    {
        var pending = FirstUnsignaled();
        if (pending is null)
        {
            return false;
        }

        var callback = new FenceCallback(_ => IrqWork.Queue(Rearm)) { Name = "dma_fence_chain node" };
        return pending.AddCallback(callback) == AddCallbackResult.Added || Arm();
    }

    private void Rearm()
    {
        var pending = FirstUnsignaled();
        if (pending is null)
        {
            Signal();
        }
        else if (pending.AddCallback(new FenceCallback(_ => IrqWork.Queue(Rearm)) { Name = "dma_fence_chain node" }) == AddCallbackResult.AlreadySignaled)
        {
            Rearm();
        }
    }

    private sealed class ChainOps : FenceOps
    {
        public override string GetDriverName(Fence fence) => "dma_fence_chain";

        public override string GetTimelineName(Fence fence) => "unbound";

        public override bool EnableSignaling(Fence fence) => ((FenceChain)fence).Arm();

        public override bool IsSignaled(Fence fence) => ((FenceChain)fence).FirstUnsignaled() is null;
    }
}
