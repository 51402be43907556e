using Dept.Core.Annotations;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Runtime;

public sealed class SiteKeysTests
{
    [Fact]
    public void FieldSite_ClassIsTheField_SharedAcrossSites()
    {
        var enter = DeptSite.Create("Monitor.Enter", "Orders.Account._sync", "Orders.Account.Post", "/src/Account.cs", 10, -1);
        var wait = DeptSite.Create("Monitor.Wait", "Orders.Account._sync", "Orders.Account.Take", "/src/Account.cs", 30, -1);

        Assert.Same(SiteKeys.For(enter), SiteKeys.For(wait));
        Assert.Equal("Orders.Account._sync", SiteKeys.For(enter).Name);
        Assert.False(SiteKeys.For(enter).IsCallSite);
    }

    [Fact]
    public void NoField_ClassIsTheCallSite()
    {
        var site = DeptSite.Create("Monitor.Enter", "Orders.Account.Post", "/src/Account.cs", 41);

        var key = SiteKeys.For(site);

        Assert.Equal("Monitor.Enter@Account.cs:41", key.Name);
        Assert.True(key.IsCallSite);
        Assert.Same(key, SiteKeys.For(site));
    }

    [Fact]
    public void CompilerGeneratedField_IsNotAClassName()
    {
        var site = DeptSite.Create("Monitor.Enter", "Orders.Cache.<RefreshAsync>d__6.<>s__1", "Orders.Cache.RefreshAsync", "/src/Cache.cs", 27, -1);

        Assert.Equal("Monitor.Enter@Cache.cs:27", SiteKeys.For(site).Name);
    }

    [Fact]
    public void NoSourceLine_ClassIsTheOperationInItsMember_NullSiteIsUnknown()
    {
        var site = DeptSite.Create("Task.Wait", "Orders.Account.Post", file: null, line: 0);

        Assert.Equal("Task.Wait@Orders.Account.Post", SiteKeys.For(site).Name);
        Assert.Equal("(unknown site)", SiteKeys.For(null).Name);
    }

    [Fact]
    public void ConditionKey_IsDistinctFromTheLockKey()
    {
        var site = DeptSite.Create("Monitor.Wait", "Orders.Queue._gate", "Orders.Queue.Take", "/src/Queue.cs", 12, -1);

        Assert.Equal("Orders.Queue._gate (condition)", SiteKeys.Condition(site).Name);
        Assert.NotSame(SiteKeys.For(site), SiteKeys.Condition(site));
    }

    [Fact]
    public void ManySites_TableGrows_KeysStayStable()
    {
        var sites = Enumerable.Range(1, 1_000).Select(static i => DeptSite.Create("Lock.Enter", "M", "/src/Many.cs", i)).ToList();
        var keys = sites.Select(SiteKeys.For).ToList();

        Assert.Equal(keys, sites.Select(SiteKeys.For));
        Assert.Equal("Lock.Enter@Many.cs:1000", keys[^1].Name);
    }
}
