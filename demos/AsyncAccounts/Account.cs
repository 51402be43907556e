using Nito.AsyncEx;
using Nito.AsyncEx.Synchronous;

namespace AsyncAccounts;

/// <summary>
/// A bank account served asynchronously: a binary semaphore guards the balance, a Nito.AsyncEx <see cref="AsyncLock"/>
/// guards the ledger. Each public operation works in the tests, which never hang, but three of them hide a deadlock
/// that needs only an unlucky interleaving (see the comments marked LATENT).
/// </summary>
public sealed class Account
{
    // An auditor reviews before it answers, so the caller is already awaiting the approval when it is given.
    private static readonly TimeSpan ReviewLatency = TimeSpan.FromMilliseconds(300);
    // A remote read is slow; the caller is blocked on it long before it completes.
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

    /// <summary>LATENT 1 (async AB-BA): the balance's lock, then the ledger's. <see cref="AuditAsync"/> takes them the other way.</summary>
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

    /// <summary>The other half of LATENT 1: the ledger's lock, then the balance's.</summary>
    public async Task<bool> AuditAsync()
    {
        using (await _ledger.LockAsync())
        {
            await Task.Yield();
            await _gate.WaitAsync();
            try
            {
                return _entries.Sum() <= _balance + 1_000_000m;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// LATENT 2: holds this account's async lock while awaiting the auditor's approval, which the auditor gives under
    /// its own lock of the same class. Two accounts auditing each other at once deadlock.
    /// </summary>
    public async Task<bool> WithdrawWithApprovalAsync(Account auditor, decimal amount)
    {
        await _gate.WaitAsync();
        try
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

            _balance -= amount;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Approves under this account's async lock (the event of LATENT 2).</summary>
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

    /// <summary>
    /// LATENT 3 (sync over async through a helper): blocks, holding the ledger, on another account's async read,
    /// whose continuation needs that account's ledger. Two accounts reconciling against each other deadlock.
    /// </summary>
    public decimal ReconcileWith(Account other)
    {
        using (_ledger.Lock())
        {
            return _entries.Sum() - other.ReadLedgerAsync().WaitAndUnwrapException();
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
