namespace Dept.Patches.Targets.Framework;

/// <summary>Accounts processed in parallel; each has its own lock (one class: <c>Batch._sync</c>).</summary>
public sealed class Batch
{
    private readonly object _sync = new();

    public int Total { get; private set; }

    /// <summary>The latent bug: holds this batch's lock while the loop's bodies take the locks of other batches (same class).</summary>
    public int SettleUnderLock(Batch[] others)
    {
        lock (_sync)
        {
            Parallel.For(0, others.Length, i => others[i].Add(1));
            return Total + others.Sum(static o => o.Total);
        }
    }

    /// <summary>The clean twin: no lock held by the caller; each body takes one lock.</summary>
    public static int Settle(Batch[] batches)
    {
        Parallel.ForEach(batches, static b => b.Add(1));
        return batches.Sum(static b => b.Total);
    }

    /// <summary><c>Parallel.Invoke</c> under this batch's lock, bodies taking other batches' locks.</summary>
    public int InvokeUnderLock(Batch first, Batch second)
    {
        lock (_sync)
        {
            Parallel.Invoke(() => first.Add(1), () => second.Add(1));
            return first.Total + second.Total;
        }
    }

    public void Add(int amount)
    {
        lock (_sync)
        {
            Total += amount;
        }
    }
}
