using CsCheck;
using Dept.Core.Annotations;
using Dept.Core.Snapshots;
using Dept.Viewer.Merge;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// <c>dept merge</c> as an algebra (#13), checked with CsCheck on random shards of a small class universe. DEPT
/// reports one cycle per dependency that closes one, so which elementary cycle is reported may depend on the order
/// the dependencies arrive in; what must not depend on the order or grouping of the inputs is the merged graph
/// (classes, dependencies) and its cycles up to strongly connected components: every reported cycle is a real cycle
/// of the union, and every cyclic component of the union has a reported cycle. The merged report always reads back.
/// </summary>
public sealed class MergePropertyTests
{
    private const int Universe = 7;

    // A shard: the lock-order edges one run saw, as (from, to) class indexes; self-edges left out.
    private static readonly Gen<(int From, int To)[]> s_shard =
        Gen.Select(Gen.Int[0, Universe - 1], Gen.Int[0, Universe - 1]).Where(e => e.Item1 != e.Item2).Array[0, 8];

    [Fact]
    public void Merge_IsCommutativeAndAssociative_OnTheGraphAndItsCycles()
    {
        Gen.Select(s_shard, s_shard, s_shard).Sample(
            (a, b, c) =>
            {
                var (da, db, dc) = (Document(a), Document(b), Document(c));
                var ab = Merge(("a", da), ("b", db));
                var ba = Merge(("b", db), ("a", da));
                Assert.Equal(Shape(ab), Shape(ba));

                var abThenC = Merge(("ab", ab), ("c", dc));
                var aThenBc = Merge(("a", da), ("bc", Merge(("b", db), ("c", dc))));
                Assert.Equal(Shape(abThenC), Shape(aThenBc));
                Assert.Equal(Shape(abThenC), Shape(Merge(("a", da), ("b", db), ("c", dc))));
            },
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iterations(300),
            threads: 1);
    }

    [Fact]
    public void Merge_ReportsOnlyRealCycles_EveryCyclicComponentHasOne_AndReadsBack()
    {
        Gen.Select(s_shard, s_shard).Sample(
            (a, b) =>
            {
                var merged = Merge(("a", Document(a)), ("b", Document(b)));
                var edges = merged.Dependencies.Select(d => (d.From, d.To)).ToHashSet();
                foreach (var report in merged.Reports)
                {
                    // Context i waits for context i+1's event class: each step is an edge of the union.
                    var classes = report.Contexts.Select(x => x.Event.ClassId).ToList();
                    for (var i = 0; i < classes.Count; i++)
                    {
                        Assert.Contains((classes[i], classes[(i + 1) % classes.Count]), edges);
                    }
                }

                Assert.Equal(CyclicComponents(merged).Order(StringComparer.Ordinal), ReportedComponents(merged).Order(StringComparer.Ordinal));
                var read = DeptDocumentJson.Parse(DeptDocumentJson.ToJson(merged));
                Assert.Equal(Shape(merged), Shape(read));
            },
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iterations(300),
            threads: 1);
    }

    private static DeptDocument Merge(params (string Name, DeptDocument Document)[] inputs) => ReportMerger.Merge(inputs).Merged;

    // What must not depend on order: the classes, the dependencies, and the components holding a reported cycle.
    private static (string Classes, string Dependencies, string Cycles) Shape(DeptDocument d) => (
        string.Join(",", d.Classes.Select(c => c.Id).Order(StringComparer.Ordinal)),
        string.Join(",", d.Dependencies.Select(x => x.From + ">" + x.To).Order(StringComparer.Ordinal)),
        string.Join(";", ReportedComponents(d).Order(StringComparer.Ordinal)));

    // The strongly connected component of each reported cycle, as its sorted class ids.
    private static HashSet<string> ReportedComponents(DeptDocument d)
    {
        var component = Components(d);
        return d.Reports.Select(r => component[r.Contexts[0].Event.ClassId]).ToHashSet(StringComparer.Ordinal);
    }

    // Components with a cycle: more than one class, or a class depending on itself.
    private static HashSet<string> CyclicComponents(DeptDocument d)
    {
        var component = Components(d);
        return d.Dependencies.Where(x => component[x.From] == component[x.To]).Select(x => component[x.From]).ToHashSet(StringComparer.Ordinal);
    }

    // Each class's component: the classes it reaches that reach it back (small graphs, so plain reachability).
    private static Dictionary<string, string> Components(DeptDocument d)
    {
        var next = d.Dependencies.GroupBy(x => x.From).ToDictionary(g => g.Key, g => g.Select(x => x.To).ToList());
        var reach = d.Classes.ToDictionary(c => c.Id, c => Reach(c.Id, next));
        return d.Classes.ToDictionary(c => c.Id, c => string.Join(",", d.Classes.Select(o => o.Id)
            .Where(o => o == c.Id || (reach[c.Id].Contains(o) && reach[o].Contains(c.Id))).Order(StringComparer.Ordinal)));
    }

    private static HashSet<string> Reach(string start, Dictionary<string, List<string>> next)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([start]);
        while (stack.Count > 0)
        {
            if (next.TryGetValue(stack.Pop(), out var outs))
            {
                foreach (var n in outs.Where(seen.Add))
                {
                    stack.Push(n);
                }
            }
        }

        return seen;
    }

    // One run: for each edge, a thread holds the "from" lock while it takes the "to" lock.
    private static DeptDocument Document((int From, int To)[] edges)
    {
        var engine = EngineGraphs.NewEngine();
        var locks = Enumerable.Range(0, Universe).Select(_ => new object()).ToArray();
        var thread = new Thread(() =>
        {
            foreach (var (from, to) in edges)
            {
                engine.Acquire(DeptKey.Named("Shard.L" + from), locks[from], DeptSite.Create("Monitor.Enter", "Shard.Run", "/src/Shard.cs", from + 1));
                engine.Acquire(DeptKey.Named("Shard.L" + to), locks[to], DeptSite.Create("Monitor.Enter", "Shard.Run", "/src/Shard.cs", to + 1));
                engine.Release(locks[to]);
                engine.Release(locks[from]);
            }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        return engine.CreateDocument();
    }
}
