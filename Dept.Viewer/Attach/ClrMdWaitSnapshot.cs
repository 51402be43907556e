using Dept.Core.Live;
using Microsoft.Diagnostics.Runtime;

namespace Dept.Viewer.Attach;

/// <summary>
/// Finds lock waits that were already in progress when the attach began (#6): the runtime raises ContentionStart
/// once, when a wait begins, so a process that is already deadlocked raises nothing more. One ClrMD snapshot reads
/// each thread's stack: a thread inside <c>Monitor.Enter*</c> waits for the object rooted in that frame, whose sync
/// block names the owner thread; a thread inside <c>Lock.*Enter*</c> waits for that <c>System.Threading.Lock</c>,
/// whose <c>_owningThreadId</c> names the owner.
/// </summary>
internal static class ClrMdWaitSnapshot
{
    public static IReadOnlyList<LiveEvent> Capture(int processId, DateTimeOffset at, out string? warning) =>
        ClrMdGuard.Run(() => Read(processId, at), $"could not snapshot process {processId} (waits that began before the attach are not seen)", out warning)
        ?? [];

    private static List<LiveEvent> Read(int processId, DateTimeOffset at)
    {
        var waits = new List<LiveEvent>();
        using var target = DataTarget.AttachToProcess(processId, suspend: true);
        if (target.ClrVersions.FirstOrDefault() is not { } clr)
        {
            return waits;
        }

        using var runtime = clr.CreateRuntime();
        var threads = runtime.Threads.Where(t => t.IsAlive).ToList();
        foreach (var thread in threads)
        {
            if (FindLockWait(thread, threads) is var (lockObject, owner))
            {
                waits.Add(LiveEvent.LockWait(thread.OSThreadId, at, lockObject, lockObject, owner.OSThreadId) with { FromSnapshot = true });
            }
        }

        return waits;
    }

    private static (ulong LockObject, ClrThread Owner)? FindLockWait(ClrThread thread, List<ClrThread> threads)
    {
        foreach (var root in thread.EnumerateStackRoots())
        {
            var method = root.StackFrame?.Method;
            if (method?.Name is not { } name || !name.Contains("Enter", StringComparison.Ordinal) || !root.Object.IsValid)
            {
                continue;
            }

            switch (method.Type?.Name)
            {
                case "System.Threading.Monitor" when root.Object.SyncBlock is { IsMonitorHeld: true } sync && sync.HoldingThreadAddress != thread.Address:
                    var monitorOwner = threads.FirstOrDefault(t => t.Address == sync.HoldingThreadAddress);
                    return monitorOwner is null ? null : (root.Object.Address, monitorOwner);
                case "System.Threading.Lock" when root.Object.Type?.Name == "System.Threading.Lock"
                    && root.Object.TryReadField<uint>("_owningThreadId", out var id) && id != 0:
                    // The owner id is the OS thread id on Linux (measured); match the managed id too, to be safe.
                    var lockOwner = threads.FirstOrDefault(t => t.OSThreadId == id) ?? threads.FirstOrDefault(t => t.ManagedThreadId == (int)id);
                    return lockOwner is null || lockOwner.Address == thread.Address ? null : (root.Object.Address, lockOwner);
            }
        }

        return null;
    }
}
