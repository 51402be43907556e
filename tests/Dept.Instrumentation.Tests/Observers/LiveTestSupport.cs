using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Dept.Core.Live;

namespace Dept.Instrumentation.Tests.Observers;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>Collects findings and lets a test await the first deadlock or hang.</summary>
internal sealed class CollectingLiveReporter : ILiveReporter
{
    private readonly TaskCompletionSource<ActualDeadlock> _deadlock = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<LiveHang> _hang = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<ActualDeadlock> Deadlocks { get; } = new();

    public ConcurrentQueue<LiveHang> Hangs { get; } = new();

    public Task<ActualDeadlock> FirstDeadlock => _deadlock.Task;

    public Task<LiveHang> FirstHang => _hang.Task;

    public void OnDeadlock(ActualDeadlock deadlock)
    {
        Deadlocks.Enqueue(deadlock);
        _deadlock.TrySetResult(deadlock);
    }

    public void OnHang(LiveHang hang)
    {
        Hangs.Enqueue(hang);
        _hang.TrySetResult(hang);
    }
}

internal static class OsThread
{
    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    /// <summary>The calling thread's OS id: what the runtime's events carry.</summary>
    public static long CurrentId => GetTid();
}
