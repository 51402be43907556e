namespace AsyncAccounts.Tests;

/// <summary>
/// Ordinary tests: each passes, none hangs (no mirror operation runs at the same time). The bugs are latent: they need
/// two flows doing the mirror operation at once, which these tests never do.
/// </summary>
public sealed class AccountTests
{
    [Fact]
    public async Task PostThenAudit_BalancesAdd()
    {
        var alice = new Account("alice", 100m);
        await alice.PostAsync(30m);
        Assert.True(await alice.AuditAsync());
        Assert.Equal(130m, await alice.GetBalanceAsync());
    }

    [Fact]
    public async Task WithdrawWithApproval_AuditorApproves()
    {
        var alice = new Account("alice", 100m);
        var auditor = new Account("auditor", 0m);
        Assert.True(await alice.WithdrawWithApprovalAsync(auditor, 50m));
        Assert.Equal(50m, await alice.GetBalanceAsync());
    }

    [Fact]
    public async Task ReconcileWith_ReturnsDifference()
    {
        var alice = new Account("alice", 0m);
        var bob = new Account("bob", 0m);
        await alice.PostAsync(100m);
        await bob.PostAsync(40m);
        Assert.Equal(60m, alice.ReconcileWith(bob));
    }
}
