namespace Dept.Patches.Targets;

/// <summary>An account guarded by an async lock; approvals and reads cross flows.</summary>
public sealed class AsyncAccount
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _audit = new(1, 1);
    private int _balance = 100;

    /// <summary>The approval the last <see cref="WithdrawWithApproval"/> awaits.</summary>
    public TaskCompletionSource<bool>? Pending { get; private set; }

    /// <summary>Holds the async lock across the await of an approval that <see cref="Approve"/> gives under the same class.</summary>
    public async Task<bool> WithdrawWithApproval()
    {
        await _gate.WaitAsync();
        try
        {
            Pending = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!await Pending.Task)
            {
                return false;
            }

            _balance -= 10;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Approves under this account's async lock.</summary>
    public async Task Approve(TaskCompletionSource<bool> approval)
    {
        await _gate.WaitAsync();
        try
        {
            approval.SetResult(true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes both async locks in one order, each waited synchronously through a shared helper.</summary>
    public int AuditThenBalance()
    {
        _audit.WaitAsync().WaitThrough();
        try
        {
            _gate.WaitAsync().WaitThrough();
            try
            {
                return _balance;
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            _audit.Release();
        }
    }

    /// <summary>Two completions, each waited through the shared helper: distinct classes by their sources.</summary>
    public static int TwoCompletionsThroughHelper()
    {
        var first = new TaskCompletionSource<int>();
        var second = new TaskCompletionSource<int>();
        _ = Task.Run(() => first.SetResult(1));
        _ = Task.Run(() => second.SetResult(2));
        return first.Task.ResultThrough() + second.Task.ResultThrough();
    }

    /// <summary>Reads the balance once <paramref name="ready"/> completes, so a blocked caller waits on the async method's own task.</summary>
    public async Task<int> ReadAsync(Task ready)
    {
        await ready;
        return Volatile.Read(ref _balance);
    }
}

/// <summary>A shared sync-over-async helper, the kind of extension libraries ship (WaitAndUnwrapException).</summary>
public static class SyncHelpers
{
    public static void WaitThrough(this Task task) => task.GetAwaiter().GetResult();

    public static T ResultThrough<T>(this Task<T> task) => task.GetAwaiter().GetResult();
}
