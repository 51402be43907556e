using DmaBuf.Diagnostics;
using DmaBuf.Locking;

namespace DmaBuf.Fences;

/// <summary>
/// A fence that signals when all (or any) of its children have (<c>dma_fence_array</c>). The first child error
/// becomes the array's error. The array never signals inside a child's callback (that callback holds the child's
/// lock); it defers to <see cref="IrqWork"/>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class FenceArray : Fence
{
    /// <summary>The lock class of fence arrays.</summary>
    public const string LockClass = "dma_fence_array.lock";

    private const int PendingError = 1;
    private static readonly ArrayOps s_ops = new();
    private readonly Fence[] _fences;
    private int _pending;
    private int _childError = PendingError;

    private FenceArray(DmaRuntime runtime, Fence[] fences, ulong context, ulong seqno, bool signalOnAny)
        : base(s_ops, runtime, context, seqno, LockClass)
    {
        _fences = fences;
        _pending = signalOnAny ? 1 : fences.Length;
        SignalOnAny = signalOnAny;
    }

    /// <summary>Gets the children.</summary>
    public IReadOnlyList<Fence> Fences => _fences;

    /// <summary>Gets a value indicating whether the array signals on the first child instead of the last.</summary>
    public bool SignalOnAny { get; }

    /// <summary>Creates an array (<c>dma_fence_array_create</c>); it owns the references to the children.</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="fences">The children; at least one. A container child is warned about (flatten instead).</param>
    /// <param name="context">The array's context.</param>
    /// <param name="seqno">The array's seqno.</param>
    /// <param name="signalOnAny">Signal when any child signals instead of all.</param>
    /// <returns>The array.</returns>
    public static FenceArray Create(DmaRuntime runtime, IReadOnlyList<Fence> fences, ulong context, ulong seqno, bool signalOnAny)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(fences);
        ArgumentOutOfRangeException.ThrowIfZero(fences.Count);
        foreach (var fence in fences)
        {
            if (fence is FenceArray or FenceChain)
            {
                runtime.Warnings.Warn(DmaWarningCode.ContainerNested, $"fence array child {fence.Context:x}:{fence.Seqno:x} is itself a container; flatten instead");
            }
        }

        return new FenceArray(runtime, [.. fences], context, seqno, signalOnAny);
    }

    // Caller holds the array's lock (enable_signaling). Returns false if the array can signal now.
    private bool EnableChildren()
    {
        foreach (var child in _fences)
        {
            var callback = new FenceCallback(OnChildSignaled) { Name = "dma_fence_array child" };
            if (child.AddCallback(callback) == AddCallbackResult.AlreadySignaled && Arrive(child))
            {
                SetErrorFromChildren();
                return false;
            }
        }

        return true;
    }

    private void OnChildSignaled(Fence child)
    {
        if (Arrive(child))
        {
            IrqWork.Queue(() =>
            {
                SetErrorFromChildren();
                Signal();
            });
        }
    }

    // Records the first error; true when the last awaited child arrived.
    private bool Arrive(Fence child)
    {
        if (child.Error < 0)
        {
            Interlocked.CompareExchange(ref _childError, child.Error, PendingError);
        }

        return Interlocked.Decrement(ref _pending) == 0;
    }

    private void SetErrorFromChildren()
    {
        var error = Volatile.Read(ref _childError);
        if (error < 0 && !TestSignaledFlag())
        {
            SetError(error);
        }
    }

    private sealed class ArrayOps : FenceOps
    {
        public override string GetDriverName(Fence fence) => "dma_fence_array";

        public override string GetTimelineName(Fence fence) => "unbound";

        public override bool EnableSignaling(Fence fence) => ((FenceArray)fence).EnableChildren();

        public override bool IsSignaled(Fence fence) => Volatile.Read(ref ((FenceArray)fence)._pending) <= 0;

        public override void SetDeadline(Fence fence, DateTimeOffset deadline)
        {
            foreach (var child in ((FenceArray)fence)._fences)
            {
                child.SetDeadline(deadline);
            }
        }

        public override void Release(Fence fence)
        {
            foreach (var child in ((FenceArray)fence)._fences)
            {
                child.Put();
            }
        }
    }
}
