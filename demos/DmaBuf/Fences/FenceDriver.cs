using DmaBuf.Diagnostics;
using DmaBuf.Locking;

namespace DmaBuf.Fences;

/// <summary>
/// A driver module that issues fences on its own timeline, with the lifetime rules of seeds 000 and 003: its data
/// (names, ops) may only be freed after every fence it issued has signalled and an RCU grace period has elapsed
/// since, so a reader inside <see cref="Rcu.ReadLock"/> that saw an unsignalled fence can still use it. Unloading
/// with a fence unsignalled leaves that fence with no possible signaller.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class FenceDriver
{
    private readonly object _gate = new();
    private readonly List<Fence> _issued = [];
    private readonly DriverOps _ops;
    private ulong _seqno;
    private volatile bool _freed;

    /// <summary>Creates a loaded driver.</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="rcu">The RCU domain protecting the driver's data.</param>
    /// <param name="name">The driver name.</param>
    public FenceDriver(DmaRuntime runtime, Rcu rcu, string name)
    {
        Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        Rcu = rcu ?? throw new ArgumentNullException(nameof(rcu));
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Context = FenceContext.Allocate();
        _ops = new DriverOps(this);
    }

    /// <summary>Gets the runtime.</summary>
    public DmaRuntime Runtime { get; }

    /// <summary>Gets the RCU domain.</summary>
    public Rcu Rcu { get; }

    /// <summary>Gets the driver name.</summary>
    public string Name { get; }

    /// <summary>Gets the driver's fence context.</summary>
    public ulong Context { get; }

    /// <summary>Gets a value indicating whether the driver's data was freed (the module is gone).</summary>
    public bool IsUnloaded => _freed;

    /// <summary>Issues a fence (a job submitted to the driver's ring).</summary>
    /// <returns>The unsignalled fence.</returns>
    /// <exception cref="InvalidOperationException">The driver was unloaded.</exception>
    public Fence Submit()
    {
        lock (_gate)
        {
            if (_freed)
            {
                throw new InvalidOperationException($"driver {Name} is unloaded; it issues no fences.");
            }

            var fence = new Fence(_ops, Runtime, Context, ++_seqno);
            _issued.Add(fence);
            return fence;
        }
    }

    /// <summary>Completes a job: signals its fence (the driver's IRQ path).</summary>
    /// <param name="fence">A fence this driver issued.</param>
    public void Complete(Fence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        fence.Signal();
        lock (_gate)
        {
            _issued.Remove(fence);
        }
    }

    /// <summary>
    /// Unloads the module: every fence still unsignalled loses its only signaller (logged through
    /// <see cref="FenceAbandonment"/> when something waits on it, and left unsignalled); then an RCU grace period
    /// lets readers that still see the driver's data leave their read sections; only then is the data freed.
    /// </summary>
    /// <returns>The fences left unsignalled with waiters.</returns>
    public IReadOnlyList<Fence> Unload()
    {
        List<Fence> remaining;
        lock (_gate)
        {
            remaining = [.. _issued];
            _issued.Clear();
        }

        var abandoned = new List<Fence>();
        foreach (var fence in remaining)
        {
            fence.Lock.Lock();
            try
            {
                if (fence.AbandonMessageLocked($"its driver {Name} was unloaded") is { } message)
                {
                    FenceAbandonment.Abandoned(fence, FenceAbandonReason.DriverUnloaded, fence.OutstandingCallbacksLocked(), message);
                    abandoned.Add(fence);
                }
            }
            finally
            {
                fence.Lock.Unlock();
            }
        }

        Rcu.Synchronize();
        _freed = true;
        return abandoned;
    }

    private sealed class DriverOps(FenceDriver driver) : FenceOps
    {
        public override string GetDriverName(Fence fence) => Use(driver.Name);

        public override string GetTimelineName(Fence fence) => Use($"{driver.Name}.ring");

        // The model's KASAN: driver data read after the module freed it.
        private string Use(string value)
        {
            if (driver._freed)
            {
                driver.Runtime.Warnings.Warn(DmaWarningCode.DriverDataUsedAfterFree, $"driver {driver.Name}'s data used after it was unloaded (no RCU grace period covered the reader)");
            }

            return value;
        }
    }
}
