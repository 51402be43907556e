using DmaBuf.Locking;

namespace DmaBuf.Fences;

/// <summary>
/// A software timeline (<c>sw_sync</c>): fences are points on it and signal when the timeline's value reaches
/// them. Legacy style: all its fences share one external lock, and the <see cref="FenceOps.IsSignaled"/> fast path
/// reports points the value has passed. A test timeline, also the model of a userspace-driven (indefinite) one.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class FenceTimeline
{
    private readonly List<Fence> _pending = [];
    private readonly TimelineOps _ops;
    private ulong _value;
    private ulong _nextSeqno;

    /// <summary>Creates a timeline on a fresh context.</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="driverName">The driver name.</param>
    /// <param name="timelineName">The timeline name.</param>
    /// <param name="userspaceControlled">Userspace decides when points signal (an indefinite fence source).</param>
    public FenceTimeline(DmaRuntime runtime, string driverName, string timelineName, bool userspaceControlled = false)
    {
        Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        Context = FenceContext.Allocate();
        SharedLock = new KernelSpinLock($"{driverName}.timeline.lock");
        _ops = new TimelineOps(this, driverName, timelineName, userspaceControlled);
    }

    /// <summary>Gets the runtime.</summary>
    public DmaRuntime Runtime { get; }

    /// <summary>Gets the context of every point.</summary>
    public ulong Context { get; }

    /// <summary>Gets the external lock all points share.</summary>
    public KernelSpinLock SharedLock { get; }

    /// <summary>Gets a value indicating whether userspace decides when points signal (an indefinite fence source).</summary>
    public bool IsUserspaceControlled => _ops.IsUserspaceControlled;

    /// <summary>Gets the current value.</summary>
    public ulong Value => Interlocked.Read(ref _value);

    /// <summary>Creates the next point (<c>SW_SYNC_IOC_CREATE_FENCE</c>).</summary>
    /// <param name="seqno">The point's value; the next one after the last point by default.</param>
    /// <returns>The fence.</returns>
    public Fence CreateFence(ulong? seqno = null)
    {
        SharedLock.Lock();
        try
        {
            var point = seqno ?? ++_nextSeqno;
            _nextSeqno = Math.Max(_nextSeqno, point);
            var fence = new Fence(_ops, Runtime, Context, point, SharedLock);
            if (Value >= point)
            {
                fence.SignalLocked(Runtime.Time.GetUtcNow());
            }
            else
            {
                _pending.Add(fence);
            }

            return fence;
        }
        finally
        {
            SharedLock.Unlock();
        }
    }

    /// <summary>
    /// Advances the hardware value without processing the completion interrupt: points become visible through
    /// the <see cref="FenceOps.IsSignaled"/> fast path but are not signalled or unlinked yet (D6's window).
    /// </summary>
    /// <param name="by">How far to advance.</param>
    public void AdvanceHardware(ulong by = 1) => Interlocked.Add(ref _value, by);

    /// <summary>Gets a snapshot of the points not yet signalled by the timeline itself.</summary>
    public IReadOnlyList<Fence> Pending
    {
        get
        {
            SharedLock.Lock();
            try
            {
                return [.. _pending];
            }
            finally
            {
                SharedLock.Unlock();
            }
        }
    }

    /// <summary>Advances the value and signals every point it reaches (<c>SW_SYNC_IOC_INC</c>).</summary>
    /// <param name="by">How far to advance.</param>
    public void Increment(ulong by = 1)
    {
        var cookie = FenceSignalling.Begin();
        SharedLock.Lock();
        try
        {
            var value = Interlocked.Add(ref _value, by);
            var now = Runtime.Time.GetUtcNow();
            foreach (var fence in _pending.Where(f => f.Seqno <= value).ToList())
            {
                _pending.Remove(fence);
                fence.SignalLocked(now);
            }
        }
        finally
        {
            SharedLock.Unlock();
            FenceSignalling.End(cookie);
        }
    }

    /// <summary>Gets a value indicating whether the timeline was torn down.</summary>
    public bool IsTornDown { get; private set; }

    /// <summary>
    /// Tears the timeline down. With <paramref name="signalRemaining"/> (sw_sync's release) every point still pending
    /// is signalled with <see cref="FenceErrors.NoEntry"/> so its waiters wake with an error. Without it, the model of
    /// a driver that frees its timeline with points outstanding: each point something waits on is abandoned
    /// (<see cref="FenceAbandonment"/>) and stays unsignalled for ever.
    /// </summary>
    /// <param name="signalRemaining">Signal the pending points with an error (the correct teardown).</param>
    /// <returns>The points left unsignalled with waiters (always empty with <paramref name="signalRemaining"/>).</returns>
    public IReadOnlyList<Fence> TearDown(bool signalRemaining = true)
    {
        var abandoned = new List<Fence>();
        var cookie = signalRemaining ? FenceSignalling.Begin() : default;
        SharedLock.Lock();
        try
        {
            IsTornDown = true;
            var now = Runtime.Time.GetUtcNow();
            foreach (var fence in _pending)
            {
                if (signalRemaining)
                {
                    if (!fence.TestSignaledFlag())
                    {
                        fence.SetError(FenceErrors.NoEntry);
                        fence.SignalLocked(now);
                    }
                }
                else if (fence.AbandonMessageLocked("its timeline was torn down without signalling it") is { } message)
                {
                    FenceAbandonment.Abandoned(fence, FenceAbandonReason.TimelineTornDown, fence.OutstandingCallbacksLocked(), message);
                    abandoned.Add(fence);
                }
            }

            _pending.Clear();
        }
        finally
        {
            SharedLock.Unlock();
            if (signalRemaining)
            {
                FenceSignalling.End(cookie);
            }
        }

        return abandoned;
    }

    private sealed class TimelineOps(FenceTimeline timeline, string driverName, string timelineName, bool userspaceControlled) : FenceOps
    {
        public override string GetDriverName(Fence fence) => driverName;

        public override string GetTimelineName(Fence fence) => timelineName;

        public override bool IsSignaled(Fence fence) => timeline.Value >= fence.Seqno;

        public override bool EnableSignaling(Fence fence) => !IsSignaled(fence);

        public override bool IsUserspaceControlled => userspaceControlled;
    }
}
