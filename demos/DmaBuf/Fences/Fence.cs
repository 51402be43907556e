using DmaBuf.Diagnostics;
using DmaBuf.Locking;

namespace DmaBuf.Fences;

/// <summary>
/// A DMA fence (<c>struct dma_fence</c>): a one-shot completion on a timeline (context + seqno) that any number of
/// waiters and callbacks observe and exactly one signal completes.
/// </summary>
/// <remarks>
/// Thread-safe. By default each fence has its own lock (the 2026 inline lock); a shared external lock is the
/// legacy option that forces the issuer to outlive every fence using it. Callbacks run under that lock.
/// </remarks>
public partial class Fence
{
    private DepMapSlot _depMap;
    /// <summary>The lock class of every inline fence lock (one <c>spin_lock_init</c> site in the kernel).</summary>
    public const string InlineLockClass = "dma_fence.inline_lock";

    private readonly FenceOps _ops;
    private readonly KernelSpinLock _lock;
    private int _flags;
    private int _error;
    private int _refCount = 1;

    // cb_list, valid until SIGNALED is set; the timestamp takes its place afterwards. Guarded by _lock.
    private List<FenceCallback>? _callbacks = [];
    private DateTimeOffset _timestamp;

    /// <summary>Creates an unsignalled fence (<c>dma_fence_init</c>).</summary>
    /// <param name="ops">The driver operations.</param>
    /// <param name="runtime">The runtime (clock and warning log).</param>
    /// <param name="context">The timeline, from <see cref="FenceContext.Allocate"/>.</param>
    /// <param name="seqno">The position on the timeline.</param>
    /// <param name="externalLock">A lock shared with other fences (legacy); <see langword="null"/> for the fence's own lock.</param>
    /// <param name="seqno64">Compare seqnos as 64-bit numbers (<c>dma_fence_init64</c>).</param>
    public Fence(FenceOps ops, DmaRuntime runtime, ulong context, ulong seqno, KernelSpinLock? externalLock = null, bool seqno64 = false)
        : this(ops, runtime, context, seqno, externalLock ?? new KernelSpinLock(InlineLockClass), externalLock is null, seqno64)
    {
    }

    /// <summary>Creates a container fence with its own lock of a container-specific class.</summary>
    /// <param name="ops">The container operations.</param>
    /// <param name="runtime">The runtime.</param>
    /// <param name="context">The timeline.</param>
    /// <param name="seqno">The position on the timeline.</param>
    /// <param name="lockClass">The class of the container's own lock.</param>
    protected Fence(FenceOps ops, DmaRuntime runtime, ulong context, ulong seqno, string lockClass)
        : this(ops, runtime, context, seqno, new KernelSpinLock(lockClass), inlineLock: true, seqno64: false)
    {
    }

    private Fence(FenceOps ops, DmaRuntime runtime, ulong context, ulong seqno, KernelSpinLock @lock, bool inlineLock, bool seqno64)
    {
        _ops = ops ?? throw new ArgumentNullException(nameof(ops));
        Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        Context = context;
        Seqno = seqno;
        _lock = @lock;
        _flags = (inlineLock ? (int)FenceFlags.InlineLock : 0) | (seqno64 ? (int)FenceFlags.Seqno64 : 0);
    }

    /// <summary>Gets the timeline this fence belongs to.</summary>
    public ulong Context { get; }

    /// <summary>Gets the position on the timeline.</summary>
    public ulong Seqno { get; }

    /// <summary>Gets the runtime.</summary>
    public DmaRuntime Runtime { get; }

    /// <summary>Gets the driver operations.</summary>
    public FenceOps Ops => _ops;

    /// <summary>Gets the lock guarding the fence: its own, or the shared external one.</summary>
    public KernelSpinLock Lock => _lock;

    /// <summary>Gets the state bits.</summary>
    public FenceFlags Flags => (FenceFlags)Volatile.Read(ref _flags);

    /// <summary>Gets the error (0 or a negative errno); meaningful once signalled.</summary>
    public int Error => Volatile.Read(ref _error);

    /// <summary>Gets the number of references held.</summary>
    public int ReferenceCount => Volatile.Read(ref _refCount);

    /// <summary>
    /// Returns the lock validator's state for this instance (the kernel's embedded <c>dep_map</c>), creating it on
    /// first use with <paramref name="create"/>. The model never reads it.
    /// </summary>
    /// <typeparam name="T">The validator's type.</typeparam>
    /// <param name="create">Creates the state from this instance; called at most once per winning thread.</param>
    /// <returns>The state.</returns>
    public T GetDepMap<T>(Func<Fence, T> create)
        where T : class => _depMap.GetOrCreate(this, create);

    /// <summary>Gets the validator's state if it was created, without creating it.</summary>
    public object? DepMapIfCreated => _depMap.Current;

    /// <summary>Gets a value indicating whether the SIGNALED bit is set, without the fast path (<c>dma_fence_test_signaled_flag</c>).</summary>
    public bool TestSignaledFlag() => (Volatile.Read(ref _flags) & (int)FenceFlags.Signaled) != 0;

    private bool SetFlag(FenceFlags flag) => (Interlocked.Or(ref _flags, (int)flag) & (int)flag) != 0;

    /// <inheritdoc/>
    public override string ToString() => Describe();
}
