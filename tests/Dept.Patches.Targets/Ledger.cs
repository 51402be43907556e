namespace Dept.Patches.Targets;

/// <summary>A ledger guarded by a System.Threading.Lock.</summary>
public sealed class Ledger
{
    private readonly Lock _lock = new();

    public int Entries { get; private set; }

    public void Record(int amount)
    {
        lock (_lock)
        {
            Entries += amount == 0 ? 0 : 1;
        }
    }

    /// <summary>Reads the account while holding the ledger lock: the reverse order of <see cref="Account.Post"/>.</summary>
    public int Audit(Account account)
    {
        lock (_lock)
        {
            return account.Read() + Entries;
        }
    }
}
