using System.Text.Json;
using Dept.Core.Snapshots;
using Dept.Viewer.Model;
using Dept.Viewer.Sources;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Model;

/// <summary>Unreachable events reach the viewer as their own kind of report: no cycle, linked classes, a reason.</summary>
public sealed class UnreachableViewTests
{
    [Fact]
    public void Document_UnreachableAndNeverFired_AreReportsWithoutACycle_LinkedToTheirClasses()
    {
        var document = EngineGraphs.WithUnreachableEvents().CreateDocument();

        var view = DocumentAdapter.ToView(document, "test", "potential", 1);

        var unreachable = Assert.Single(view.Reports, r => r.Kind == "UnreachableEvent");
        var shutdown = Assert.Single(view.Classes, c => c.Name == EngineGraphs.Shutdown);
        var neverFired = Assert.Single(view.Reports, r => r.Kind == "NeverFiredEvent" && r.Classes!.Contains(shutdown.Id));
        Assert.Equal(3, view.Reports.Count(r => !r.IsUnreachable));
        Assert.Equal("released", unreachable.Reason);
        Assert.Equal("neverFired", neverFired.Reason);
        Assert.Empty(unreachable.Cycle);
        var latch = Assert.Single(view.Classes, c => c.Name == EngineGraphs.Latch);
        Assert.Equal([latch.Id], unreachable.Classes);
        Assert.False(latch.InCycle);
        Assert.Contains(view.Stats, s => s.Name == "unreachable_events" && s.Value == 1);
    }

    [Fact]
    public void GraphJson_WritesUnreachableReasonAndClasses_AndCyclesStayAsTheyWere()
    {
        var view = DocumentAdapter.ToView(EngineGraphs.WithUnreachableEvents().CreateDocument(), "test", "potential", 1);
        using var stream = new MemoryStream();

        GraphJson.Write(view, stream, indented: false);

        using var json = JsonDocument.Parse(stream.ToArray());
        var reports = json.RootElement.GetProperty("reports").EnumerateArray().ToList();
        var unreachable = reports.Single(r => r.GetProperty("kind").GetString() == "UnreachableEvent");
        Assert.True(unreachable.GetProperty("unreachable").GetBoolean());
        Assert.Equal("released", unreachable.GetProperty("reason").GetString());
        Assert.Equal(1, unreachable.GetProperty("classes").GetArrayLength());
        Assert.Equal(0, unreachable.GetProperty("cycle").GetArrayLength());
        var cycle = reports.First(r => r.GetProperty("kind").GetString() == "Deadlock");
        Assert.False(cycle.GetProperty("unreachable").GetBoolean());
        Assert.False(cycle.TryGetProperty("reason", out _));
    }

    [Fact]
    public void SchemaVersion1File_StillOpens()
    {
        var v1 = DeptDocumentJson.ToJson(EngineGraphs.KnownCycles().CreateDocument() with { Schema = "dept.report/1" });

        var view = DocumentAdapter.ToView(DeptDocumentJson.Parse(v1), "old file", "potential", 1);

        Assert.Equal(3, view.Reports.Count);
        Assert.DoesNotContain(view.Reports, r => r.IsUnreachable);
    }
}
