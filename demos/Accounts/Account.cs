namespace Accounts;

/// <summary>
/// A bank account guarded by its own lock. Each public operation works in the tests, which never hang, but three
/// of them hide a deadlock that needs only an unlucky interleaving (see the comments marked LATENT).
/// </summary>
public sealed class Account
{
    private readonly object _sync = new();
    // A remote read is slow; the caller under the lock is blocked on it long before it completes (Dept records a
    // wait only when the task is still pending when the caller blocks).
    private static readonly TimeSpan LedgerLatency = TimeSpan.FromMilliseconds(500);
    // Likewise an auditor reviews before it answers: without the delay the pool thread could approve before the
    // caller even asks for the result, and then nothing waited at all.
    private static readonly TimeSpan ReviewLatency = TimeSpan.FromMilliseconds(500);
    private decimal _balance;

    public Account(string name, decimal balance)
    {
        Name = name;
        _balance = balance;
    }

    public string Name { get; }

    public decimal Balance
    {
        get
        {
            lock (_sync)
            {
                return _balance;
            }
        }
    }

    /// <summary>LATENT 1 (AB-BA): locks this account, then the other. a.TransferTo(b) racing b.TransferTo(a) deadlocks.</summary>
    public void TransferTo(Account other, decimal amount)
    {
        lock (_sync)
        {
            lock (other._sync)
            {
                _balance -= amount;
                other._balance += amount;
            }
        }
    }

    /// <summary>
    /// LATENT 2: holds this account's lock while waiting for the auditor's approval, which the auditor gives under
    /// its own lock of the same class. Two accounts auditing each other at once deadlock.
    /// </summary>
    public bool WithdrawWithApproval(Account auditor, decimal amount)
    {
        lock (_sync)
        {
            var approval = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Task.Run(async () =>
            {
                await Task.Delay(ReviewLatency).ConfigureAwait(false);
                auditor.Approve(approval, amount);
            });
            if (!approval.Task.Result)
            {
                return false;
            }

            _balance -= amount;
            return true;
        }
    }

    /// <summary>Approves under this account's lock (the event of LATENT 2).</summary>
    public void Approve(TaskCompletionSource<bool> approval, decimal amount)
    {
        lock (_sync)
        {
            approval.SetResult(amount <= _balance + 1_000m);
        }
    }

    /// <summary>
    /// LATENT 3 (sync over async): blocks on an async call under this account's lock; the async continuation takes
    /// the lock of another account. Two accounts reconciling against each other deadlock (and a single-threaded
    /// synchronization context would deadlock even alone).
    /// </summary>
    public decimal ReconcileWith(Account other)
    {
        lock (_sync)
        {
            return _balance - other.ReadBalanceAsync().Result;
        }
    }

    /// <summary>Reads the balance as a remote ledger would: after some latency, on the thread pool.</summary>
    public async Task<decimal> ReadBalanceAsync()
    {
        await Task.Delay(LedgerLatency).ConfigureAwait(false);
        lock (_sync)
        {
            return _balance;
        }
    }
}
