namespace Dept.Viewer.Model;

internal sealed partial class ViewGraph
{
    /// <summary>Largest depth a neighbourhood query may ask for.</summary>
    public const int MaxDepth = 10;

    /// <summary>
    /// Breadth-first walk from <paramref name="center"/> both ways, at most <paramref name="depth"/> hops and at most
    /// <paramref name="maxNodes"/> classes per direction, so a hub class in a 5,000-class graph stays readable.
    /// </summary>
    public Neighbourhood GetNeighbourhood(ViewClass center, int depth, int maxNodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNodes, 1);
        var down = Walk(center.Id, depth, maxNodes, forward: true, out var cutDown);
        var up = Walk(center.Id, depth, maxNodes, forward: false, out var cutUp);
        var members = new HashSet<int> { center.Id };
        members.UnionWith(down.Select(d => d.Class.Id));
        members.UnionWith(up.Select(d => d.Class.Id));
        var edges = new List<ViewEdge>();
        foreach (var id in members)
        {
            foreach (var e in OutEdges(id))
            {
                if (members.Contains(Edges[e].To))
                {
                    edges.Add(Edges[e]);
                }
            }
        }

        return new Neighbourhood(center, down, up, edges, cutDown || cutUp);
    }

    private List<(ViewClass Class, int Depth)> Walk(int start, int depth, int maxNodes, bool forward, out bool truncated)
    {
        truncated = false;
        var result = new List<(ViewClass, int)>();
        var seen = new HashSet<int> { start };
        var frontier = new List<int> { start };
        for (var d = 1; d <= depth && frontier.Count > 0; d++)
        {
            var next = new List<int>();
            foreach (var id in frontier)
            {
                foreach (var e in forward ? OutEdges(id) : InEdges(id))
                {
                    var other = forward ? Edges[e].To : Edges[e].From;
                    if (!seen.Add(other))
                    {
                        continue;
                    }

                    if (result.Count == maxNodes)
                    {
                        truncated = true;
                        return result;
                    }

                    result.Add((Classes[other], d));
                    next.Add(other);
                }
            }

            frontier = next;
        }

        return result;
    }
}
