using Dept.Viewer.Cli;
using Dept.Viewer.Sources;
using Dept.Viewer.Tests.Exports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

/// <summary>The GitHub job summary of <c>dept test</c> (#15).</summary>
public sealed class JobSummaryTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Summary_EachCycleHasAMermaidPictureThatParses_AndItsReport()
    {
        var graph = DocumentAdapter.ToView(EngineGraphs.KnownCycles().CreateDocument(), "r.json", "potential", 0);
        var text = JobSummary.Render(graph, "TestResults/dept/dept-report.json");

        Assert.StartsWith("## Dept: 3 cycles\n", text, StringComparison.Ordinal);
        var blocks = text.Split("```mermaid\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToList();
        Assert.Equal(3, blocks.Count);
        foreach (var block in blocks)
        {
            var chart = MermaidParser.Parse(block);
            Assert.Equal(2, chart.Nodes.Count);
            Assert.Equal(2, chart.Links.Count);
            Assert.All(chart.Links, l => Assert.StartsWith("cycle 1", l.Label, StringComparison.Ordinal));
        }

        Assert.Contains($"`{EngineGraphs.Inventory} → {EngineGraphs.Orders} → {EngineGraphs.Inventory}`", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split("<details><summary>report</summary>").Length - 1);
    }

    [Fact]
    public void TryAppend_AppendsToTheSummaryFile_AndAnUnwritableOneIsOnlyAWarning()
    {
        var graph = DocumentAdapter.ToView(EngineGraphs.KnownCycles().CreateDocument(), "r.json", "potential", 0);
        var target = _cli.Write("summary.md", "earlier step\n");
        using var err = new StringWriter();
        JobSummary.TryAppend(graph, "r.json", err, target);
        var text = File.ReadAllText(target);
        Assert.StartsWith("earlier step\n## Dept: 3 cycles", text, StringComparison.Ordinal);
        Assert.Empty(err.ToString());

        JobSummary.TryAppend(graph, "r.json", err, _cli.Path("no-such-dir/summary.md"));
        Assert.Contains("warning: could not write the job summary", err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verdict_WithASummaryFile_WritesTheSummary()
    {
        var report = _cli.Save("dept-report.json", EngineGraphs.KnownCycles());
        var summary = _cli.Path("step-summary.md");
        Assert.Equal((int)ExitCode.CycleFound, TestCommand.Verdict(0, report, DateTime.UtcNow.AddMinutes(-1), summary));

        Assert.Contains("```mermaid", File.ReadAllText(summary), StringComparison.Ordinal);
    }
}
