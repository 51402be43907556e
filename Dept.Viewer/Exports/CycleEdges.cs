using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>Which edges lie on which report's cycle, so every format can highlight them the same way.</summary>
internal static class CycleEdges
{
    /// <summary>Maps (from, to) to the indexes of the reports whose cycle uses that edge.</summary>
    public static Dictionary<(int From, int To), List<int>> Of(ViewGraph graph)
    {
        var result = new Dictionary<(int, int), List<int>>();
        foreach (var report in graph.Reports)
        {
            for (var i = 0; i < report.Cycle.Count; i++)
            {
                var key = (report.Cycle[i], report.Cycle[(i + 1) % report.Cycle.Count]);
                if (!result.TryGetValue(key, out var list))
                {
                    result[key] = list = [];
                }

                list.Add(report.Index);
            }
        }

        return result;
    }
}
