using Dept.Core.Annotations;

namespace Dept.Core.Tests.Tracking;

/// <summary>The instrumentation's lock path caches a call site's class on the site; engines must never mix it up.</summary>
public sealed class SiteClassCacheTests
{
    [Fact]
    public void TwoEnginesSharingStaticSites_EachSeesItsOwnClassesAndCycle()
    {
        var a = new TestEngine();
        var b = new TestEngine();
        var keyX = new DeptKey("Site.X");
        var keyY = new DeptKey("Site.Y");
        var siteX = TestEngine.Site("Monitor.Enter", 1);
        var siteY = TestEngine.Site("Monitor.Enter", 2);
        var exit = TestEngine.Site("Monitor.Exit", 3);
        object x = new(), y = new();

        // Engine b creates classes first, so the same keys get different class ids in a and b.
        b.Engine.AcquireAt(siteY, keyY, y); b.Engine.Release(y, exit);
        foreach (var t in new[] { a, b, a })
        {
            t.Engine.AcquireAt(siteX, keyX, x);
            t.Engine.AcquireAt(siteY, keyY, y);
            t.Engine.Release(y, exit);
            t.Engine.Release(x, exit);
        }

        a.Engine.AcquireAt(siteY, keyY, y);
        a.Engine.AcquireAt(siteX, keyX, x);
        a.Engine.Release(x, exit);
        a.Engine.Release(y, exit);

        var report = Assert.Single(a.Reports);
        Assert.Equal(["Site.X", "Site.Y"], report.Contexts.Select(c => c.Start.ClassName).Order());
        Assert.Empty(b.Reports);
        Assert.Equal(2, a.Engine.GetStats().Dependencies);
        Assert.Equal(1, b.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void ReentrantAcquireAtTheSameSite_IsOneEventContext()
    {
        var t = new TestEngine();
        var key = new DeptKey("Site.R");
        var site = TestEngine.Site("Monitor.Enter", 10);
        var exit = TestEngine.Site("Monitor.Exit", 11);
        var other = new DeptKey("Site.O");
        object r = new(), o = new();
        t.Engine.AcquireAt(site, key, r);
        t.Engine.AcquireAt(site, key, r); // re-entry: no wait, no self-edge
        t.Engine.Release(r, exit);
        t.Engine.AcquireAt(TestEngine.Site("Monitor.Enter", 12), other, o); // still inside r's event context
        t.Engine.Release(o, exit);
        t.Engine.Release(r, exit);
        t.Engine.AcquireAt(TestEngine.Site("Monitor.Enter", 13), other, o); // r released: no edge from r
        t.Engine.Release(o, exit);

        Assert.Empty(t.Reports);
        var dependency = Assert.Single(t.Engine.CreateDocument().Dependencies);
        Assert.Equal("Site.R", dependency.Context.Start.ClassName);
        Assert.Equal("Site.O", dependency.Context.Wait.ClassName);
    }
}
