namespace Accounts;

/// <summary>
/// The same account as demos/Accounts, written so no interleaving can deadlock: never two account locks at once
/// (always this account's, then the other's), and no lock held across a wait.
/// </summary>
public sealed class Account
{
    private readonly object _sync = new();
    // A remote read is slow; the caller under the lock is blocked on it long before it completes (Dept records a
    // wait only when the task is still pending when the caller blocks).
    private static readonly TimeSpan LedgerLatency = TimeSpan.FromMilliseconds(500);
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

    /// <summary>Withdraws under this lock, then deposits under the other's: never both held.</summary>
    public void TransferTo(Account other, decimal amount)
    {
        lock (_sync)
        {
            _balance -= amount;
        }

        lock (other._sync)
        {
            other._balance += amount;
        }
    }

    /// <summary>Waits for the approval first, with no lock held, then withdraws.</summary>
    public bool WithdrawWithApproval(Account auditor, decimal amount)
    {
        var approval = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(() => auditor.Approve(approval, amount));
        if (!approval.Task.Result)
        {
            return false;
        }

        lock (_sync)
        {
            _balance -= amount;
            return true;
        }
    }

    /// <summary>Approves under this account's lock.</summary>
    public void Approve(TaskCompletionSource<bool> approval, decimal amount)
    {
        lock (_sync)
        {
            approval.SetResult(amount <= _balance + 1_000m);
        }
    }

    /// <summary>Reads the other balance first (blocking, but with no lock held), then compares under this lock.</summary>
    public decimal ReconcileWith(Account other)
    {
        var theirs = other.ReadBalanceAsync().Result;
        lock (_sync)
        {
            return _balance - theirs;
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
