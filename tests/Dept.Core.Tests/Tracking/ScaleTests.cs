using Dept.Core.Annotations;
using Dept.Core.Diagnostics;

namespace Dept.Core.Tests.Tracking;

/// <summary>Bounds and costs that must not grow with use: counted, never timed.</summary>
[Collection(SelfLogCollection.Name)]
public sealed class ScaleTests
{
    [Fact]
    public void ClassBeyondTheBound_TakesTheGraphLockOnceNotOnEveryUse()
    {
        DeptSelfLog.Enable(null);
        try
        {
            var t = new TestEngine(o => o.MaxClasses = 2);
            var k1 = new DeptKey("K1");
            var k2 = new DeptKey("K2");
            var beyond = new DeptKey("Beyond");
            object l1 = new(), l2 = new(), l3 = new();
            t.Lock(k1, l1); t.Lock(k2, l2); t.Unlock(l2); t.Unlock(l1);
            var before = t.Engine.LockedClassLookups;
            for (var i = 0; i < 100; i++)
            {
                t.Lock(beyond, l3); t.Unlock(l3);
            }

            Assert.Equal(1, t.Engine.LockedClassLookups - before);
            Assert.Equal(2, t.Engine.GetStats().Classes);
        }
        finally
        {
            DeptSelfLog.Enable(static m => Console.Error.WriteLine(m));
        }
    }

    [Fact]
    public void WaitHistoryExactlyFull_DoesNotWarn_OneMoreWaitDoes()
    {
        var messages = new List<string>();
        DeptSelfLog.Enable(m => { lock (messages) { messages.Add(m); } });
        try
        {
            // The ring holds 4 waits: 4 since the request lose nothing; the warning needs a fifth.
            var t = new TestEngine(o => o.MaxWaitHistory = 4);
            var exact = new DeptMap(new DeptKey("Fence.Exact"));
            var over = new DeptMap(new DeptKey("Fence.Over"));
            var locks = Enumerable.Range(0, 5).Select(i => (Key: new DeptKey($"H{i}"), Lock: new object())).ToArray();
            t.Engine.RequestEvent(exact);
            foreach (var (key, l) in locks.Take(4))
            {
                t.Lock(key, l); t.Unlock(l);
            }

            t.Engine.Event(exact);
            Assert.Equal(4, t.Engine.GetStats().Dependencies); // every wait in the window became a dependency
            t.Engine.RequestEvent(over);
            foreach (var (key, l) in locks)
            {
                t.Lock(key, l); t.Unlock(l);
            }

            t.Engine.Event(over);
            var warnings = messages.Where(m => m.Contains("longer than the wait history", StringComparison.Ordinal)).ToArray();
            Assert.Contains("'Fence.Over:0'", Assert.Single(warnings), StringComparison.Ordinal);
        }
        finally
        {
            DeptSelfLog.Enable(static m => Console.Error.WriteLine(m));
        }
    }

    [Fact]
    public void WaitHistoryOverflow_WarnsOncePerClassNamingTheVariable()
    {
        var messages = new List<string>();
        DeptSelfLog.Enable(m => { lock (messages) { messages.Add(m); } });
        try
        {
            var t = new TestEngine(o => o.MaxWaitHistory = 4);
            var a = new DeptMap(new DeptKey("Fence.A"));
            var b = new DeptMap(new DeptKey("Fence.B"));
            var locks = Enumerable.Range(0, 8).Select(i => (Key: new DeptKey($"L{i}"), Lock: new object())).ToArray();
            for (var round = 0; round < 5; round++)
            {
                foreach (var map in new[] { a, b })
                {
                    t.Engine.RequestEvent(map);
                    foreach (var (key, l) in locks)
                    {
                        t.Lock(key, l); t.Unlock(l); // more waits since the request than the ring holds
                    }

                    t.Engine.Event(map);
                }
            }

            var warnings = messages.Where(m => m.Contains("longer than the wait history", StringComparison.Ordinal)).ToArray();
            Assert.Equal(2, warnings.Length);
            Assert.Contains(warnings, m => m.Contains("'Fence.A:0'", StringComparison.Ordinal));
            Assert.Contains(warnings, m => m.Contains("'Fence.B:0'", StringComparison.Ordinal));
            Assert.All(warnings, m => Assert.Contains("Raise DEPT_MAX_WAIT_HISTORY", m, StringComparison.Ordinal));
        }
        finally
        {
            DeptSelfLog.Enable(static m => Console.Error.WriteLine(m));
        }
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    public void Stacks_AreWalkedOncePerSitePairWhenShared(bool share, int walks)
    {
        var t = new TestEngine(o => { o.CaptureStacks = true; o.ShareStacksBySite = share; });
        var outer = TestEngine.Site("Monitor.Enter", 10);
        var inner = TestEngine.Site("Monitor.Enter", 11);
        var exit = TestEngine.Site("Monitor.Exit", 12);
        for (var i = 0; i < 3; i++)
        {
            // Three different class pairs met at the same two call sites (e.g. three instances' classes).
            object a = new(), b = new();
            t.Engine.Acquire(new DeptKey($"A{i}"), a, outer);
            t.Engine.Acquire(new DeptKey($"B{i}"), b, inner);
            t.Engine.Release(b, exit);
            t.Engine.Release(a, exit);
        }

        Assert.Equal(walks, t.Engine.StackCaptures);
        var document = t.Engine.CreateDocument();
        Assert.Equal(3, document.Dependencies.Count);
        Assert.All(document.Dependencies, d => Assert.Contains(d.Context.Wait.Stack, f => f.Contains(nameof(Stacks_AreWalkedOncePerSitePairWhenShared), StringComparison.Ordinal)));
    }

    [Fact]
    public void LongChain_ThenClosingEdge_ReportsTheWholeCycle()
    {
        var t = new TestEngine();
        const int length = 3000;
        var keys = Enumerable.Range(0, length).Select(i => new DeptKey($"C{i}")).ToArray();
        var locks = keys.Select(_ => new object()).ToArray();
        for (var i = 0; i + 1 < length; i++)
        {
            t.Lock(keys[i], locks[i]); t.Lock(keys[i + 1], locks[i + 1]); t.Unlock(locks[i + 1]); t.Unlock(locks[i]);
        }

        Assert.Empty(t.Reports);
        t.Lock(keys[^1], locks[^1]); t.Lock(keys[0], locks[0]); t.Unlock(locks[0]); t.Unlock(locks[^1]);

        var report = Assert.Single(t.Reports);
        Assert.Equal(length, report.Contexts.Count);
        Assert.Equal(length, t.Engine.GetStats().Dependencies);
    }
}
