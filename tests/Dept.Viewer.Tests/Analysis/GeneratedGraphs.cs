using Dept.Viewer.Model;

namespace Dept.Viewer.Tests.Analysis;

/// <summary>Random class graphs with many strongly connected components, for the equal-results tests.</summary>
internal static class GeneratedGraphs
{
    /// <summary>
    /// <paramref name="clusters"/> clusters of 1-8 classes; most clusters are made strongly connected (a ring plus random
    /// chords, sometimes a self-loop on a one-class cluster), the rest stay acyclic; then random edges from earlier to
    /// later clusters, plus a few that go back and merge clusters into larger components.
    /// </summary>
    public static ViewGraph Make(int seed, int clusters = 60)
    {
        var random = new Random(seed);
        var classes = new List<ViewClass>();
        var edges = new HashSet<(int, int)>();
        var groups = new List<List<int>>();
        for (var c = 0; c < clusters; c++)
        {
            var size = random.Next(1, 9);
            var members = Enumerable.Range(classes.Count, size).ToList();
            foreach (var id in members)
            {
                classes.Add(new ViewClass(id, $"Gen.S{seed}.K{c}.C{id}", IsCallSite: false, Subclass: 0));
            }

            groups.Add(members);
            if (random.NextDouble() < 0.7)
            {
                for (var i = 0; i < size && size > 1; i++)
                {
                    edges.Add((members[i], members[(i + 1) % size]));
                }

                if (size == 1 && random.NextDouble() < 0.5)
                {
                    edges.Add((members[0], members[0]));
                }

                for (var k = 0; k < size; k++)
                {
                    edges.Add((members[random.Next(size)], members[random.Next(size)]));
                }
            }
            else
            {
                for (var i = 0; i + 1 < size; i++)
                {
                    edges.Add((members[i], members[i + 1]));
                }
            }
        }

        for (var k = 0; k < clusters * 2; k++)
        {
            var a = random.Next(clusters);
            var b = random.Next(clusters);
            var (from, to) = a < b ? (a, b) : (b, a);
            if (from != to)
            {
                edges.Add((Pick(random, groups[from]), Pick(random, groups[to])));
            }
        }

        for (var k = 0; k < clusters / 10; k++)
        {
            edges.Add((Pick(random, groups[random.Next(clusters / 2, clusters)]), Pick(random, groups[random.Next(clusters / 2)])));
        }

        var list = edges.OrderBy(_ => random.Next()).Select(e => new ViewEdge(e.Item1, e.Item2, random.NextDouble() < 0.1)).ToList();
        return new ViewGraph(classes, list, [], [], new ViewInfo($"generated {seed}", "potential", 0, DateTimeOffset.UnixEpoch));
    }

    private static int Pick(Random random, List<int> group) => group[random.Next(group.Count)];
}
