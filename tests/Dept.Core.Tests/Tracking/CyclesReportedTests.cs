using Dept.Core.Annotations;
using Dept.Core.Reports;

namespace Dept.Core.Tests.Tracking;

/// <summary>
/// New dependencies after cycles were reported (issue #12's "also after cycles have been reported"): the components
/// of earlier cycles must not make later edges noisy or blind, and the bookkeeping the statistics read stays exact.
/// </summary>
public sealed class CyclesReportedTests
{
    [Fact]
    public void AfterReportedCycles_AcyclicDependenciesStayQuiet_AndEachNewCycleIsReportedOnce()
    {
        var t = new TestEngine();
        var keys = Enumerable.Range(0, 80).Select(i => new DeptKey($"K{i}")).ToArray();
        var locks = keys.Select(_ => new object()).ToArray();
        void Nest(int a, int b)
        {
            t.Lock(keys[a], locks[a]); t.Lock(keys[b], locks[b]); t.Unlock(locks[b]); t.Unlock(locks[a]);
        }

        // Ten AB-BA cycles (classes 0..19), each reported once even when seen again.
        for (var i = 0; i < 20; i += 2)
        {
            Nest(i, i + 1);
            Nest(i + 1, i);
            Nest(i + 1, i);
        }

        Assert.Equal(10, t.Reports.Count);

        // A hierarchy over classes 20..59 (each class waits on the next two), whose classes also lead into the
        // cycles' components and are reached from them only forwards: edges against the creation order, into and
        // out of components, and none closes a cycle.
        for (var a = 59; a >= 20; a--)
        {
            if (a + 1 < 60)
            {
                Nest(a, a + 1);
            }

            if (a + 2 < 60)
            {
                Nest(a, a + 2);
            }

            Nest(a, a % 20);
        }

        for (var c = 0; c < 20; c++)
        {
            Nest(c, 60 + c); // out of each component, to a class that reaches nothing
        }

        Assert.Equal(10, t.Reports.Count);

        // Closing the hierarchy on itself is a new cycle, reported once, one context per edge of the path.
        Nest(59, 20);
        var report = Assert.Single(t.Reports.Skip(10));
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        Assert.Equal("K59", report.Contexts[0].Event.ClassName);
        Nest(59, 20);
        Assert.Equal(11, t.Reports.Count);

        // A cycle through an earlier cycle's component and a new class is news too: 1 -> 0 exists, so 0 -> Extra ->
        // 1 closes Extra -> 1 -> 0 -> Extra.
        var extra = new DeptKey("Extra");
        var extraLock = new object();
        t.Lock(keys[0], locks[0]); t.Lock(extra, extraLock); t.Unlock(extraLock); t.Unlock(locks[0]);
        Assert.Equal(11, t.Reports.Count);
        t.Lock(extra, extraLock); t.Lock(keys[1], locks[1]); t.Unlock(locks[1]); t.Unlock(extraLock);
        var last = Assert.Single(t.Reports.Skip(11));
        Assert.Equal(3, last.Contexts.Count);
        Assert.Equal(20 + (39 + 38 + 40) + 20 + 1 + 2, t.Engine.GetStats().Dependencies);
    }

    [Fact]
    public void StatisticsBytes_FollowTheGraphWithoutWalkingIt()
    {
        // dept_stats reads the graph's bytes as a running total; it must grow with new dependencies as the walk did.
        var t = new TestEngine();
        var keys = Enumerable.Range(0, 200).Select(i => new DeptKey($"S{i}")).ToArray();
        var locks = keys.Select(_ => new object()).ToArray();
        long Dep() => t.Engine.GetStats().PoolBytes.Single(p => p.Key == "dep").Value;
        var before = Dep();
        for (var i = 0; i < 199; i++)
        {
            for (var j = i + 1; j < Math.Min(200, i + 20); j++)
            {
                t.Lock(keys[i], locks[i]); t.Lock(keys[j], locks[j]); t.Unlock(locks[j]); t.Unlock(locks[i]);
            }
        }

        Assert.True(Dep() > before + (3000 * 8), $"dep bytes {before} -> {Dep()} for ~3,600 dependencies");
        Assert.Equal(t.Engine.CycleGraph.RecountAdjacencyBytes(), t.Engine.CycleGraph.AdjacencyBytes);
    }
}
