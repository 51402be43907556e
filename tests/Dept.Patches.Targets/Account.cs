namespace Dept.Patches.Targets;

/// <summary>An account whose lock nests with a ledger's: Post takes account then ledger, Audit the reverse.</summary>
public sealed class Account
{
    private readonly object _sync = new();

    public int Balance { get; private set; }

    public void Post(Ledger ledger, int amount)
    {
        lock (_sync)
        {
            Balance += amount;
            ledger.Record(amount);
        }
    }

    public int Read()
    {
        lock (_sync)
        {
            return Balance;
        }
    }

    /// <summary>Waits for a confirmation while holding the account lock (the TCS scenario; untimed, as real code).</summary>
    public bool AwaitConfirmation(Task confirmation)
    {
        lock (_sync)
        {
            confirmation.Wait();
            return confirmation.IsCompletedSuccessfully;
        }
    }

    /// <summary>Completes another account's confirmation under this account's lock (same class of lock).</summary>
    public void Confirm(TaskCompletionSource<bool> confirmation)
    {
        lock (_sync)
        {
            confirmation.SetResult(true);
        }
    }

    /// <summary>Runs <paramref name="action"/> under the account lock.</summary>
    public T WithLock<T>(Func<T> action)
    {
        lock (_sync)
        {
            return action();
        }
    }
}
