using Dept.Instrumentation.Tests.Support;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary><see cref="Lock"/> patches, called as a rewritten <c>lock (Lock)</c> (EnterScope + ref Scope.Dispose) and as explicit calls.</summary>
[Collection(EngineCollection.Name)]
public sealed class LockPatchesTests
{
    private static readonly DeptSite s_enterA = PatchEngine.Site("Lock.EnterScope(Orders.Account._lock)");
    private static readonly DeptSite s_exitA = PatchEngine.Site("Lock.Scope.Dispose(Orders.Account._lock)");
    private static readonly DeptSite s_enterB = PatchEngine.Site("Lock.EnterScope(Orders.Ledger._lock)");
    private static readonly DeptSite s_exitB = PatchEngine.Site("Lock.Scope.Dispose(Orders.Ledger._lock)");

    [Fact]
    public void LockStatementOnLock_Abba_ReportsDeadlock()
    {
        using var dept = new PatchEngine();
        Lock a1 = new(), b1 = new(), a2 = new(), b2 = new();

        Nested(a1, s_enterA, s_exitA, b1, s_enterB, s_exitB);
        Assert.Empty(dept.Reports);
        Nested(b2, s_enterB, s_exitB, a2, s_enterA, s_exitA);

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Equal(
            ["Orders.Account._lock", "Orders.Ledger._lock"],
            report.Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
        Assert.False(a2.IsHeldByCurrentThread);
        Assert.False(b2.IsHeldByCurrentThread);
    }

    [Fact]
    public void ScopeDispose_ReadsTheLockFromTheRefScope_AndClosesItsContext()
    {
        using var dept = new PatchEngine();
        Lock a = new(), b = new();

        LockPatches.Enter.Prefix(a, s_enterA, ref TestSlot.Current);
        var scope = a.EnterScope();
        Assert.True(a.IsHeldByCurrentThread);
        LockPatches.ScopeDispose.Prefix(ref scope, s_exitA, ref TestSlot.Current);
        scope.Dispose();
        Assert.False(a.IsHeldByCurrentThread);

        LockPatches.Enter.Prefix(b, s_enterB, ref TestSlot.Current);
        var inner = b.EnterScope();
        LockPatches.ScopeDispose.Prefix(ref inner, s_exitB, ref TestSlot.Current);
        inner.Dispose();

        Assert.Empty(dept.Edges());
        Assert.Equal(2, dept.EventContexts);
    }

    [Fact]
    public void ScopeDispose_DefaultScope_IsIgnored()
    {
        using var dept = new PatchEngine();
        var scope = default(Lock.Scope);

        LockPatches.ScopeDispose.Prefix(ref scope, s_exitA, ref TestSlot.Current);
        scope.Dispose();

        Assert.Null(Dept.Instrumentation.Runtime.PatchFault.First);
    }

    [Fact]
    public void EnterExit_Reentrant_NoAADeadlock()
    {
        using var dept = new PatchEngine();
        var a = new Lock();

        LockPatches.Enter.Prefix(a, s_enterA, ref TestSlot.Current);
        a.Enter();
        LockPatches.Enter.Prefix(a, s_enterA, ref TestSlot.Current);
        a.Enter();
        a.Exit();
        LockPatches.Exit.Postfix(a, s_exitA, ref TestSlot.Current);
        Assert.True(a.IsHeldByCurrentThread);
        a.Exit();
        LockPatches.Exit.Postfix(a, s_exitA, ref TestSlot.Current);

        Assert.False(a.IsHeldByCurrentThread);
        Assert.Empty(dept.Reports);
        Assert.Equal(1, dept.Waits);
    }

    [Fact]
    public void TryEnter_SucceedsWithoutWait_TimedTryEnterIsATimeoutWait()
    {
        using var dept = new PatchEngine(trackTimeouts: true);
        Lock a = new(), b = new();

        var first = a.TryEnter();
        LockPatches.TryEnter.Postfix(a, first, s_enterA);
        LockPatches.TryEnterMilliseconds.Prefix(b, 5_000, s_enterB);
        var second = b.TryEnter(5_000);
        LockPatches.TryEnterMilliseconds.Postfix(b, second, s_enterB);
        b.Exit();
        LockPatches.Exit.Postfix(b, s_exitB, ref TestSlot.Current);
        a.Exit();
        LockPatches.Exit.Postfix(a, s_exitA, ref TestSlot.Current);

        Assert.True(first);
        Assert.True(second);
        Assert.Equal(["Orders.Account._lock -> Orders.Ledger._lock"], dept.TimeoutEdges());
    }

    [Fact]
    public void TryEnterTimeSpan_Fails_OpensNoContext()
    {
        using var dept = new PatchEngine(trackTimeouts: true);
        Lock a = new(), b = new();
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Factory.StartNew(() =>
        {
            lock (a)
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }, TaskCreationOptions.LongRunning);
        Assert.True(held.Wait(TimeSpan.FromSeconds(30)));

        LockPatches.TryEnterTimeSpan.Prefix(a, TimeSpan.FromMilliseconds(1), s_enterA);
        var acquired = a.TryEnter(TimeSpan.FromMilliseconds(1));
        LockPatches.TryEnterTimeSpan.Postfix(a, acquired, s_enterA);
        release.Set();
        Assert.True(holder.Wait(TimeSpan.FromSeconds(30)));
        Nested(b, s_enterB, s_exitB, new Lock(), s_enterB, s_exitB);

        Assert.False(acquired);
        Assert.DoesNotContain(dept.Edges(), static e => e.StartsWith("Orders.Account._lock ->", StringComparison.Ordinal));
    }

    private static void Nested(Lock outer, DeptSite outerEnter, DeptSite outerExit, Lock inner, DeptSite innerEnter, DeptSite innerExit)
    {
        LockPatches.Enter.Prefix(outer, outerEnter, ref TestSlot.Current);
        var o = outer.EnterScope();
        LockPatches.Enter.Prefix(inner, innerEnter, ref TestSlot.Current);
        var i = inner.EnterScope();
        LockPatches.ScopeDispose.Prefix(ref i, innerExit, ref TestSlot.Current);
        i.Dispose();
        LockPatches.ScopeDispose.Prefix(ref o, outerExit, ref TestSlot.Current);
        o.Dispose();
    }
}
