namespace Accounts.Tests;

/// <summary>
/// Ordinary tests: each passes, none hangs (every operation runs with no competing thread). The bugs are latent:
/// they need two threads doing the mirror operation at the same time, which these tests never do.
/// </summary>
public sealed class AccountTests
{
    [Fact]
    public void TransferTo_BothWays_MovesMoney()
    {
        var alice = new Account("alice", 100m);
        var bob = new Account("bob", 100m);
        alice.TransferTo(bob, 30m);
        bob.TransferTo(alice, 10m);
        Assert.Equal(80m, alice.Balance);
        Assert.Equal(120m, bob.Balance);
    }

    [Fact]
    public void WithdrawWithApproval_AuditorApproves()
    {
        var alice = new Account("alice", 100m);
        var auditor = new Account("auditor", 0m);
        Assert.True(alice.WithdrawWithApproval(auditor, 50m));
        Assert.Equal(50m, alice.Balance);
    }

    [Fact]
    public void ReconcileWith_ReturnsDifference()
    {
        var alice = new Account("alice", 100m);
        var bob = new Account("bob", 40m);
        Assert.Equal(60m, alice.ReconcileWith(bob));
    }
}
