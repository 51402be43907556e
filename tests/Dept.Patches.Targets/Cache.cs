namespace Dept.Patches.Targets;

/// <summary>A cache whose lock a continuation needs.</summary>
public sealed class Cache
{
    private readonly object _sync = new();

    public int Value { get; private set; }

    /// <summary>Sync-over-async under this cache's lock, on a task whose continuation takes another cache's lock.</summary>
    public int ReadThrough(Cache other)
    {
        var waiter = Thread.CurrentThread;
        lock (_sync)
        {
            var pending = other.RefreshAsync(waiter, Blocking.Waits());
            return pending.GetAwaiter().GetResult();
        }
    }

    private async Task<int> RefreshAsync(Thread waiter, long waitsBefore)
    {
        await Task.Yield();
        Blocking.WaitUntilBlocked(waiter, waitsBefore, waits: 1); // the caller's GetResult()
        return Store(7);
    }

    private int Store(int value)
    {
        lock (_sync)
        {
            Value = value;
            return Value;
        }
    }
}
