using System.Xml.Linq;
using Dept.Viewer.Exports;
using Dept.Viewer.Tests.Exports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

/// <summary><c>dept export --format svg|mermaid</c> with <c>--cycle</c> / <c>--class</c> (#15).</summary>
public sealed class ExportSelectionTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Export_SvgOfACycle_HasItsTwoClasses_AndMermaidOfANeighbourhoodParses()
    {
        var report = _cli.Save("report.json", EngineGraphs.KnownCycles());

        Assert.Equal(0, CliRunner.Run("export", report, "--format", "svg", "--cycle", "1", "-o", _cli.Path("c1.svg")).Code);
        var svg = XDocument.Load(_cli.Path("c1.svg")).Root!;
        var classes = svg.Descendants(XName.Get("g", SvgExporter.Namespace)).Select(g => (string?)g.Attribute("data-class")).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, classes.Count);
        Assert.Contains(EngineGraphs.Orders, classes);

        var (code, stdout, _) = CliRunner.Run("export", report, "--format", "mermaid", "--class", EngineGraphs.Logger, "--depth", "2");
        Assert.Equal(0, code);
        var chart = MermaidParser.Parse(stdout);
        Assert.Equal([EngineGraphs.Inventory, EngineGraphs.Logger, EngineGraphs.Orders], chart.Nodes.Values.Order(StringComparer.Ordinal));

        Assert.Equal(0, CliRunner.Run("export", report, "--format", "svg", "-o", _cli.Path("all.svg")).Code);
        Assert.Equal(7, XDocument.Load(_cli.Path("all.svg")).Descendants(XName.Get("g", SvgExporter.Namespace)).Count(g => g.Attribute("data-class") is not null));
    }

    [Theory]
    [InlineData("--cycle", "9", "cycle 9 does not exist: the report has cycles 1 to 3")]
    [InlineData("--class", "No.Such.Class", "no class named 'No.Such.Class'")]
    public void Export_BadSelection_Exit1_SaysWhy_WritesNothing(string option, string value, string message)
    {
        var report = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var (code, _, err) = CliRunner.Run("export", report, "--format", "svg", option, value, "-o", _cli.Path("out.svg"));
        Assert.Equal(1, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Path("out.svg")));
    }

    [Fact]
    public void Export_CycleAndClassTogether_Exit1()
    {
        var report = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var (code, _, err) = CliRunner.Run("export", report, "--format", "svg", "--cycle", "1", "--class", EngineGraphs.Orders);
        Assert.Equal(1, code);
        Assert.Contains("give one of them", err, StringComparison.Ordinal);
        Assert.Equal(1, CliRunner.Run("export", report, "--format", "svg", "--overview", "--class", EngineGraphs.Orders).Code);
    }

    [Fact]
    public void Export_Overview_HasOneNodePerComponent()
    {
        var report = _cli.Save("report.json", EngineGraphs.KnownCycles());
        var (code, stdout, _) = CliRunner.Run("export", report, "--format", "mermaid", "--overview");
        Assert.Equal(0, code);
        var chart = MermaidParser.Parse(stdout);
        Assert.Equal(4, chart.Nodes.Count); // three 2-class cycles and the Logger
        Assert.Equal(3, chart.CycleClass.Count);
        Assert.Contains(EngineGraphs.Logger, chart.Nodes.Values);
    }
}
