using Dept.Core.Annotations;
using Dept.Core.Diagnostics;
using Dept.Core.Reports;

namespace Dept.Core.Tests.Tracking;

[Collection(SelfLogCollection.Name)]
public sealed class SafetyTests
{
    [Fact]
    public void ClassBoundReached_DegradesWithOneWarningAndKeepsTracking()
    {
        var messages = new List<string>();
        DeptSelfLog.Enable(m => { lock (messages) { messages.Add(m); } });
        try
        {
            var t = new TestEngine(o => o.MaxClasses = 4);
            object l1 = new(), l2 = new();
            var k1 = new DeptKey("K1");
            var k2 = new DeptKey("K2");
            t.Lock(k1, l1); t.Lock(k2, l2); t.Unlock(l2); t.Unlock(l1);
            for (var i = 0; i < 20; i++)
            {
                var extra = new object();
                t.Lock(new DeptKey($"extra{i}"), extra); t.Unlock(extra);
            }

            t.Lock(k2, l2); t.Lock(k1, l1); t.Unlock(l1); t.Unlock(l2);

            Assert.False(t.Engine.IsStopped);
            Assert.Equal(4, t.Engine.GetStats().Classes);
            Assert.Single(t.Reports); // the classes it had still find their cycle
            Assert.Single(messages, m => m.Contains("class bound (4)", StringComparison.Ordinal));
        }
        finally
        {
            DeptSelfLog.Enable(static m => Console.Error.WriteLine(m));
        }
    }

    [Fact]
    public void DependencyBoundReached_DropsNewEdgesWithoutException()
    {
        var t = new TestEngine(o => o.MaxDependencies = 2);
        var keys = Enumerable.Range(0, 5).Select(i => new DeptKey($"D{i}")).ToArray();
        var locks = keys.Select(_ => new object()).ToArray();
        for (var i = 0; i < 4; i++)
        {
            t.Lock(keys[i], locks[i]); t.Lock(keys[i + 1], locks[i + 1]); t.Unlock(locks[i + 1]); t.Unlock(locks[i]);
        }

        var stats = t.Engine.GetStats();
        Assert.Equal(2, stats.Dependencies);
        Assert.Equal(2, stats.DroppedDependencies);
        Assert.False(t.Engine.IsStopped);
    }

    [Fact]
    public void HeldStackOverflow_DegradesAndBalancesExits()
    {
        var t = new TestEngine(o => o.MaxHeldContexts = 2);
        var locks = Enumerable.Range(0, 4).Select(_ => new object()).ToArray();
        var key = new DeptKey("Deep");
        for (var i = 0; i < 4; i++)
        {
            t.Lock(key, locks[i], nest: i);
        }

        for (var i = 3; i >= 0; i--)
        {
            t.Unlock(locks[i]);
        }

        var other = new object();
        t.Lock(new DeptKey("After"), other); t.Unlock(other);
        Assert.False(t.Engine.IsStopped);
        Assert.Empty(t.Reports);
    }

    [Fact]
    public void ThrowingReporter_NeverReachesCaller()
    {
        var t = new TestEngine(o => o.Reporters.Add(new ThrowingReporter()));
        var a = new DeptKey("A");
        var b = new DeptKey("B");
        object la = new(), lb = new();
        t.Lock(a, la); t.Lock(b, lb); t.Unlock(lb); t.Unlock(la);
        t.Lock(b, lb); t.Lock(a, la); t.Unlock(la); t.Unlock(lb);

        Assert.Single(t.Reports); // the collector after the throwing one still got it
        Assert.False(t.Engine.IsStopped);
    }

    [Fact]
    public void UnbalancedCalls_AreAbsorbed()
    {
        var t = new TestEngine();
        var map = new DeptMap(new DeptKey("m"));
        t.Engine.Release(new object());
        t.Engine.EcxtExit(map);
        t.Engine.Downgrade(new object());
        t.Engine.Event(map);
        Assert.False(t.Engine.IsStopped);
    }

    [Fact]
    public void ReporterThatTakesTrackedLocks_IsNotTrackedAndDoesNotRecurse()
    {
        TestEngine? t = null;
        var a = new DeptKey("A");
        var b = new DeptKey("B");
        object la = new(), lb = new();
        var reporter = new CallbackReporter(() =>
        {
            // A reporter using annotated primitives must not feed the graph or re-enter the engine.
            t!.Lock(b, lb); t.Lock(a, la); t.Unlock(la); t.Unlock(lb);
        });
        t = new TestEngine(o => o.Reporters.Add(reporter));
        t.Lock(a, la); t.Lock(b, lb); t.Unlock(lb); t.Unlock(la);
        t.Lock(b, lb); t.Lock(a, la); t.Unlock(la); t.Unlock(lb);

        Assert.Single(t.Reports);
        Assert.Equal(1, reporter.Calls);
    }

    [Fact]
    public void InvalidOptions_NameTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TestEngine(o => o.MaxWaitHistory = 0));
        Assert.Contains("MaxWaitHistory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SuppressedScope_TracksNothing()
    {
        var t = new TestEngine();
        var a = new DeptKey("A");
        var b = new DeptKey("B");
        object la = new(), lb = new();
        t.Engine.EnterSuppression();
        t.Lock(a, la); t.Lock(b, lb); t.Unlock(lb); t.Unlock(la);
        t.Engine.ExitSuppression();

        Assert.Equal(0, t.Engine.GetStats().Dependencies);
    }

    private sealed class ThrowingReporter : IDeptReporter
    {
        public void Report(DeptReport report) => throw new InvalidOperationException("reporter bug");
    }

    private sealed class CallbackReporter(Action action) : IDeptReporter
    {
        public int Calls { get; private set; }

        public void Report(DeptReport report)
        {
            Calls++;
            action();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SelfLogCollection
{
    public const string Name = "self-log";
}
