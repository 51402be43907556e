using DmaBuf.Diagnostics;
using DmaBuf.Reservation;

namespace DmaBuf;

/// <summary>
/// The environment one model of the subsystem runs in: its clock, its warning log (the kernel log's WARNs) and its
/// inode counter. Passing it explicitly keeps the model free of process-wide mutable state.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class DmaRuntime
{
    private long _nextInode;

    /// <summary>Creates a runtime.</summary>
    /// <param name="time">The clock for fence timestamps, deadlines and wait timeouts; <see cref="TimeProvider.System"/> by default.</param>
    public DmaRuntime(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Warnings = new DmaWarnings(Time);
    }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets the warning log, the model's equivalent of the kernel's <c>WARN</c> output.</summary>
    public DmaWarnings Warnings { get; }

    /// <summary>Gets the wound/wait class of every reservation object (<c>reservation_ww_class</c>).</summary>
    public WwClass ReservationClass { get; } = new("reservation_ww_class");

    /// <summary>Returns a new inode number, unique within this runtime (the kernel uses an atomic counter).</summary>
    public long NextInode() => Interlocked.Increment(ref _nextInode);
}
