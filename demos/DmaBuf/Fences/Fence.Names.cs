using DmaBuf.Diagnostics;

namespace DmaBuf.Fences;

public partial class Fence
{
    /// <summary>What <see cref="DriverName"/> reads after signalling (seed 000).</summary>
    public const string DetachedDriverName = "detached-driver";

    /// <summary>What <see cref="TimelineName"/> reads after signalling (seed 000).</summary>
    public const string SignaledTimelineName = "signaled-timeline";

    /// <summary>
    /// Gets the driver name (<c>dma_fence_driver_name</c>). Driver data may be freed once a fence signals, so
    /// after signalling this reads <see cref="DetachedDriverName"/>.
    /// </summary>
    public string DriverName => TestSignaledFlag() ? DetachedDriverName : _ops.GetDriverName(this);

    /// <summary>Gets the timeline name; after signalling it reads <see cref="SignaledTimelineName"/>.</summary>
    public string TimelineName => TestSignaledFlag() ? SignaledTimelineName : _ops.GetTimelineName(this);

    /// <summary>Describes the fence as <c>dma_fence_describe</c>: "driver timeline seq N [un]signalled".</summary>
    /// <returns>The line, without a newline.</returns>
    public string Describe()
    {
        var signalled = TestSignaledFlag();
        return $"{DriverName} {TimelineName} seq {Seqno} {(signalled ? string.Empty : "un")}signalled";
    }

    /// <summary>
    /// Returns whether this fence comes after <paramref name="other"/> on their common timeline
    /// (<c>dma_fence_is_later</c>): wrap-safe on the low 32 bits unless the fence uses 64-bit seqnos.
    /// </summary>
    /// <param name="other">A fence of the same context.</param>
    /// <returns><see langword="true"/> if later; <see langword="false"/> (after a warning) for different contexts.</returns>
    public bool IsLater(Fence other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Context != other.Context)
        {
            Runtime.Warnings.Warn(DmaWarningCode.DifferentContexts, $"comparing fences of contexts {Context:x} and {other.Context:x}");
            return false;
        }

        return IsLaterSeqno(Seqno, other.Seqno, (Flags & FenceFlags.Seqno64) != 0);
    }

    /// <summary>Returns whether this fence is later than or the same as <paramref name="other"/>.</summary>
    /// <param name="other">A fence of the same context.</param>
    /// <returns>The comparison.</returns>
    public bool IsLaterOrSame(Fence other) => ReferenceEquals(this, other) || Seqno == other.Seqno && Context == other.Context || IsLater(other);

    /// <summary>Returns the later of two fences of one context, or <see langword="null"/> if it already signalled (<c>dma_fence_later</c>).</summary>
    /// <param name="first">A fence.</param>
    /// <param name="second">A fence of the same context.</param>
    /// <returns>The later unsignalled fence, or <see langword="null"/>.</returns>
    public static Fence? Later(Fence first, Fence second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Context != second.Context)
        {
            first.IsLater(second);
            return null;
        }

        var later = first.IsLater(second) ? first : second;
        return later.IsSignaled() ? null : later;
    }

    /// <summary>Compares seqnos: 32-bit wrap-safe, or plain 64-bit.</summary>
    /// <param name="first">The first seqno.</param>
    /// <param name="second">The second seqno.</param>
    /// <param name="seqno64">Use 64-bit comparison.</param>
    /// <returns><see langword="true"/> if <paramref name="first"/> is later.</returns>
    public static bool IsLaterSeqno(ulong first, ulong second, bool seqno64) =>
        seqno64 ? first > second : (int)((uint)first - (uint)second) > 0;

    /// <summary>Creates a fence that is already signalled (<c>dma_fence_allocate_private_stub</c>): context 0, seqno 0.</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="timestamp">The signal timestamp; now by default.</param>
    /// <returns>The stub.</returns>
    public static Fence CreateSignaledStub(DmaRuntime runtime, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var stub = new Fence(new NamedFenceOps("stub", "stub"), runtime, 0, 0);
        stub._lock.Lock();
        try
        {
            stub.SignalLocked(timestamp ?? runtime.Time.GetUtcNow());
        }
        finally
        {
            stub._lock.Unlock();
        }

        return stub;
    }
}
