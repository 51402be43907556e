using Dept.Viewer.Model;

namespace Dept.Viewer.Tests.Support;

/// <summary>Hand-built view graphs for exporter and model unit tests (engine-built graphs live in EngineGraphs).</summary>
internal static class TestGraphs
{
    /// <summary>
    /// Six classes: an AB-BA deadlock between App.Locks.A and App.Locks.B, a timeout-bounded cycle
    /// App.Io.Fence -&gt; App.Io.Queue -&gt; App.Io.Fence, and App.Misc.Free depending on App.Locks.A (no cycle).
    /// Names carry XML/DOT-hostile characters on purpose.
    /// </summary>
    public static ViewGraph Small()
    {
        string[] names = ["App.Locks.A", "App.Locks.B", "App.Io.Fence", "App.Io.Queue", "App.Misc.Free \"<&>\"", "Program.cs:42"];
        var classes = names.Select((n, i) => new ViewClass(i, n, IsCallSite: i == 5, Subclass: 0)).ToList();
        List<ViewEdge> edges = [new(0, 1, false), new(1, 0, false), new(2, 3, true), new(3, 2, true), new(4, 0, false), new(5, 4, false)];
        List<ViewReport> reports =
        [
            Report(0, "Deadlock", classes, [0, 1]),
            Report(1, "TimeoutCircularDependency", classes, [2, 3]),
        ];
        List<ViewStat> stats = [new("classes", 6, "classes in the graph", false), new("waits", 17, "waits seen", true)];
        return new ViewGraph(classes, edges, reports, stats, new ViewInfo("test graph", "potential", 1, DateTimeOffset.UnixEpoch));
    }

    private static ViewReport Report(int index, string kind, List<ViewClass> classes, int[] cycle)
    {
        var contexts = cycle.Select((id, i) =>
        {
            var next = classes[cycle[(i + 1) % cycle.Length]].Name;
            var self = classes[id].Name;
            return new ViewContext(
                "context " + (char)('A' + i),
                new ViewPoint("S", "Monitor.Enter", self, "Run at Program.cs:10", ["Program.Run", "Program.Main"]),
                new ViewPoint("W", "Monitor.Enter", next, "Run at Program.cs:11", ["Program.Run"]),
                new ViewPoint("E", "Monitor.Exit", self, null, []));
        }).ToList();
        return new ViewReport(index, kind, $"fp{index}", contexts, cycle, $"text of report {index}");
    }
}
