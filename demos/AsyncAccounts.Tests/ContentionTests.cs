namespace AsyncAccounts.Tests;

/// <summary>
/// Heavy contention on the async locks, with unrelated thread-pool work between awaits, in its own test class (xunit
/// runs test classes in parallel): the same run must give the same dependencies every time.
/// </summary>
public sealed class ContentionTests
{
    private static readonly object s_unrelated = new();

    [Fact]
    public async Task SixtyFourFlowsPostingToOneAccount_AllPostsLand()
    {
        var account = new Account("shared", 0m);
        var flows = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            for (var n = 0; n < 5; n++)
            {
                await account.PostAsync(1m);
                await Task.Run(Unrelated);
            }
        }));

        await Task.WhenAll(flows).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(320m, await account.GetBalanceAsync());
        Assert.Equal(320, account.EntryCount);
    }

    [Fact]
    public async Task ManyReadersWhileOthersPost_AllComplete()
    {
        var account = new Account("read-mostly", 10m);
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => account.PostAsync(1m)));
        var readers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            await Task.Yield();
            Unrelated();
            return await account.GetBalanceAsync();
        }));

        var balances = await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(balances, b => Assert.InRange(b, 10m, 18m));
        Assert.Equal(18m, await account.GetBalanceAsync());
    }

    // Unrelated work on the pool: a lock of its own, never held across an await.
    private static void Unrelated()
    {
        lock (s_unrelated)
        {
            Thread.SpinWait(10);
        }
    }
}
