using System.Globalization;

namespace Dept.Core.Live;

/// <summary>One edge of the live wait-for graph: <see cref="Waiter"/> waits for <see cref="Target"/> (#6).</summary>
/// <param name="Waiter">The blocked thread or suspended task.</param>
/// <param name="Kind">What it waits on.</param>
/// <param name="Target">Who must act first (lock owner, awaited task, running thread); null when the runtime does not say.</param>
/// <param name="Since">When the wait began (runtime timestamp).</param>
public sealed record LiveWait(LiveNode Waiter, LiveWaitKind Kind, LiveNode? Target, DateTimeOffset Since)
{
    /// <summary>The runtime's lock id for <see cref="LiveWaitKind.Lock"/> waits, otherwise 0.</summary>
    public ulong LockId { get; init; }

    /// <summary>The object's address when the wait began (moves with the GC), 0 when unknown.</summary>
    public ulong ObjectId { get; init; }

    /// <summary>True when the wait began before observation (found by a process snapshot): <see cref="Since"/> is
    /// when it was found, so durations are at least what is shown.</summary>
    public bool FromSnapshot { get; init; }

    /// <summary>The waiter's stack, innermost frame first, when a host captured it (empty otherwise).</summary>
    public IReadOnlyList<string> Stack { get; init; } = [];

    /// <summary>The waiting thread's managed name, when a host read it (a process snapshot), else null.</summary>
    public string? WaiterName { get; init; }

    /// <summary>What holds the lock object, e.g. <c>Orders.Account._sync (System.Object)</c>, when a host found the field, else null.</summary>
    public string? ObjectName { get; init; }

    /// <summary>How long the wait has lasted at <paramref name="now"/> (never negative).</summary>
    public TimeSpan WaitedAt(DateTimeOffset now) => now > Since ? now - Since : TimeSpan.Zero;

    /// <summary>One line, e.g. <c>thread 12 waits for lock 0x55aa (object 0x7f00) held by thread 13</c>.</summary>
    public string Describe()
    {
        var target = Target?.ToString() ?? "nobody known";
        return Kind switch
        {
            LiveWaitKind.Lock => $"{Waiter} waits for lock {Hex(LockId)}{ObjectSuffix()} held by {target}{SnapshotSuffix()}",
            LiveWaitKind.WaitHandle => $"{Waiter} waits on a wait handle (signaller unknown)",
            LiveWaitKind.MonitorWait => $"{Waiter} waits in Monitor.Wait{ObjectSuffix()} (pulser unknown)",
            LiveWaitKind.TaskWait => $"{Waiter} blocks on {target} (Task.Wait/Result)",
            LiveWaitKind.TaskAwait => $"{Waiter} awaits {target}",
            LiveWaitKind.TaskRunning => $"{Waiter} cannot finish before {target} returns from its body",
            _ => $"{Waiter} waits ({Kind})",
        };
    }

    private string SnapshotSuffix() => FromSnapshot ? " (since before the attach; found in its stack)" : string.Empty;

    private string ObjectSuffix() => ObjectId == 0 ? string.Empty : $" (object {Hex(ObjectId)})";

    internal static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
