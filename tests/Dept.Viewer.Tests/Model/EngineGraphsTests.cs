using Dept.Core.Reports;
using Dept.Viewer.Sources;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Model;

public sealed class EngineGraphsTests
{
    [Fact]
    public void KnownCycles_ProducesTheThreeExpectedReports()
    {
        var engine = EngineGraphs.KnownCycles();
        foreach (var r in engine.Reports)
        {
            Console.WriteLine(TextReportRenderer.Render(r));
        }

        var view = DocumentAdapter.ToView(engine.CreateDocument(), "test", "live", 1);
        var cycles = view.Reports.Select(r => (r.Kind, Names: string.Join(",", r.Cycle.Select(id => view.Classes[id].Name).Order(StringComparer.Ordinal)))).ToList();
        Assert.Contains(("Deadlock", $"{EngineGraphs.Inventory},{EngineGraphs.Orders}"), cycles);
        Assert.Contains(("Deadlock", $"{EngineGraphs.CacheLock},{EngineGraphs.CacheRefreshed}"), cycles);
        Assert.Contains(("TimeoutCircularDependency", $"{EngineGraphs.Fence},{EngineGraphs.Queue}"), cycles);
        Assert.Equal(3, view.Reports.Count);
        Assert.False(view.Find(EngineGraphs.Logger)!.InCycle);
        Assert.True(view.Find(EngineGraphs.Orders)!.InCycle);
    }
}
