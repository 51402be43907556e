namespace Dept.Patches.Targets.Framework;

/// <summary>The latent bug: each type's initializer reads the other's (two threads first touching one each deadlock).</summary>
public static class OrderCodes
{
    public static readonly string Prefix;

    static OrderCodes() => Prefix = "O" + PriceCodes.Prefix.Length;
}

/// <summary>The other half of the circular initialization.</summary>
public static class PriceCodes
{
    public static readonly string Prefix;

    static PriceCodes() => Prefix = "P" + (OrderCodes.Prefix?.Length ?? 0);
}

/// <summary>The clean twin: Units' initializer reads Scales', never the reverse.</summary>
public static class Units
{
    public static readonly string Name;

    static Units() => Name = "u" + Scales.Factor;
}

/// <summary>Read by <see cref="Units"/>'s initializer only.</summary>
public static class Scales
{
    public static readonly int Factor;

    static Scales() => Factor = 10;
}

/// <summary>A catalog whose initializer takes an account lock (class <c>Account._sync</c> through <see cref="CatalogGate.Other"/>).</summary>
public static class Catalog
{
    public static readonly int Items;

    static Catalog()
    {
        CatalogGate.Started.Set();
        CatalogGate.HoldUntilWaiterBlocked();
        Items = CatalogGate.Other.Read() + 3;
    }
}

/// <summary>Coordination for <see cref="Catalog"/> kept out of it, so touching it never runs the initializer.</summary>
public static class CatalogGate
{
    private static volatile bool s_proceed;
    private static Thread? s_waiter;
    private static long s_waitsBefore;

    public static ManualResetEventSlim Started { get; } = new();

    public static Account Other { get; } = new();

    /// <summary>Lets the initializer go on once <paramref name="waiter"/> has blocked after two more waits than <paramref name="waitsBefore"/>.</summary>
    public static void Proceed(Thread waiter, long waitsBefore)
    {
        s_waiter = waiter;
        Interlocked.Exchange(ref s_waitsBefore, waitsBefore);
        s_proceed = true;
    }

    internal static void HoldUntilWaiterBlocked()
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (!s_proceed && Environment.TickCount64 < deadline)
        {
            Thread.Yield();
        }

        // The waiter's lock (account) and its first access to Catalog: two waits, then it blocks on the initializer. A
        // thread blocked on a type initializer is not in WaitSleepJoin, so only the recorded waits are awaited; going on
        // a moment before it really blocks changes nothing Dept records.
        var before = Interlocked.Read(ref s_waitsBefore);
        while (before >= 0 && s_waiter is not null && Blocking.Waits() < before + 2 && Environment.TickCount64 < deadline)
        {
            Thread.Yield();
        }
    }
}
