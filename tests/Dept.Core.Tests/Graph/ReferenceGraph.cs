namespace Dept.Core.Tests.Graph;

/// <summary>The plain reference the graph tests check the engine's graph against: reachability by breadth-first search.</summary>
internal static class ReferenceGraph
{
    /// <summary>Whether <paramref name="to"/> is reachable from <paramref name="from"/> (a node reaches itself).</summary>
    public static bool Reaches(List<int>[] adjacency, int from, int to)
    {
        var seen = new HashSet<int> { from };
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            if (n == to)
            {
                return true;
            }

            foreach (var w in adjacency[n])
            {
                if (seen.Add(w))
                {
                    queue.Enqueue(w);
                }
            }
        }

        return false;
    }
}
