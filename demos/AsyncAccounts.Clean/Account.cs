using Nito.AsyncEx;
using Nito.AsyncEx.Synchronous;

namespace AsyncAccounts;

/// <summary>
/// The same account as demos/AsyncAccounts, written so no interleaving can deadlock: the balance's lock always before
/// the ledger's, no async lock held across the await of another account's work, and no blocking under a lock.
/// </summary>
public sealed class Account
{
    private static readonly TimeSpan ReviewLatency = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan LedgerLatency = TimeSpan.FromMilliseconds(300);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncLock _ledger = new();
    private readonly List<decimal> _entries = [];
    private decimal _balance;

    public Account(string name, decimal balance)
    {
        Name = name;
        _balance = balance;
    }

    public string Name { get; }

    public async Task<decimal> GetBalanceAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _balance;
        }
        finally
        {
            _gate.Release();
        }
    }

    public int EntryCount => _entries.Count;

    /// <summary>The balance's lock, then the ledger's.</summary>
    public async Task PostAsync(decimal amount)
    {
        await _gate.WaitAsync();
        try
        {
            await Task.Yield();
            using (await _ledger.LockAsync())
            {
                _entries.Add(amount);
                _balance += amount;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The same order as <see cref="PostAsync"/>: balance, then ledger.</summary>
    public async Task<bool> AuditAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await Task.Yield();
            using (await _ledger.LockAsync())
            {
                return _entries.Sum() <= _balance + 1_000_000m;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Awaits the approval first, holding nothing, then withdraws under the lock.</summary>
    public async Task<bool> WithdrawWithApprovalAsync(Account auditor, decimal amount)
    {
        var approval = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            await Task.Delay(ReviewLatency).ConfigureAwait(false);
            await auditor.ApproveAsync(approval, amount);
        });
        if (!await approval.Task)
        {
            return false;
        }

        await _gate.WaitAsync();
        try
        {
            _balance -= amount;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Approves under this account's async lock.</summary>
    public async Task ApproveAsync(TaskCompletionSource<bool> approval, decimal amount)
    {
        await _gate.WaitAsync();
        try
        {
            approval.SetResult(amount <= _balance + 1_000m);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the other ledger first (blocking, but holding nothing), then sums this one under its lock.</summary>
    public decimal ReconcileWith(Account other)
    {
        var theirs = other.ReadLedgerAsync().WaitAndUnwrapException();
        using (_ledger.Lock())
        {
            return _entries.Sum() - theirs;
        }
    }

    /// <summary>Sums the ledger as a remote ledger would: after some latency, on the thread pool.</summary>
    public async Task<decimal> ReadLedgerAsync()
    {
        await Task.Delay(LedgerLatency).ConfigureAwait(false);
        using (await _ledger.LockAsync())
        {
            return _entries.Sum();
        }
    }
}
