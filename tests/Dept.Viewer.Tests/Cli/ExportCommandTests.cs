using System.Text.Json;
using System.Xml.Linq;
using Dept.Viewer.Tests.Exports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

public sealed class ExportCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Export_EveryFormat_WritesAFileThatParsesBack()
    {
        var report = _cli.Save("report.json", EngineGraphs.KnownCycles());

        Assert.Equal(0, CliRunner.Run("export", report, "--format", "dot", "-o", _cli.Path("g.dot")).Code);
        var dot = DotParser.Parse(File.ReadAllText(_cli.Path("g.dot")));
        Assert.Equal(7, dot.Nodes.Count);
        Assert.Equal(7, dot.Edges.Count);

        Assert.Equal(0, CliRunner.Run("export", report, "--format", "dgml", "-o", _cli.Path("g.dgml")).Code);
        Assert.Empty(ExportHelper.ParseValidated(File.ReadAllText(_cli.Path("g.dgml")), "dgml-subset.xsd").Errors);

        Assert.Equal(0, CliRunner.Run("export", report, "--format", "graphml", "-o", _cli.Path("g.graphml")).Code);
        var (graphml, errors) = ExportHelper.ParseValidated(File.ReadAllText(_cli.Path("g.graphml")), "graphml-subset.xsd");
        Assert.Empty(errors);
        Assert.Equal(7, graphml.Descendants(XName.Get("edge", "http://graphml.graphdrawing.org/xmlns")).Count());

        var (code, stdout, _) = CliRunner.Run("export", report, "-f", "json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(3, json.RootElement.GetProperty("reports").GetArrayLength());
    }

    [Fact]
    public void Export_MalformedJson_NamesFileAndLine_Exit1_AndWritesNothing()
    {
        var bad = _cli.Write("bad.json", "{\n  \"schema\": \"dept.report/1\",\n  \"classes\": [ {\n");
        var (code, _, err) = CliRunner.Run("export", bad, "--format", "dot", "-o", _cli.Path("out.dot"));
        Assert.Equal(1, code);
        Assert.Contains("bad.json", err, StringComparison.Ordinal);
        Assert.Contains("line 4", err, StringComparison.Ordinal);
        Assert.Equal(["bad.json"], _cli.Files());
    }

    [Fact]
    public void Export_WrongSchemaVersion_Exit1_NamesTheVersion()
    {
        var bad = _cli.Write("v9.json", "{\"schema\": \"dept.report/9\"}");
        var (code, _, err) = CliRunner.Run("export", bad, "--format", "json", "-o", _cli.Path("out.json"));
        Assert.Equal(1, code);
        Assert.Contains("\"dept.report/9\" is not supported", err, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Path("out.json")));
    }

    [Fact]
    public void Export_BadField_NamesTheField_AndLeavesAnExistingOutputUntouched()
    {
        var bad = _cli.Write("field.json", "{\"schema\": \"dept.report/1\", \"classes\": \"oops\"}");
        var existing = _cli.Write("out.dot", "previous content");
        var (code, _, err) = CliRunner.Run("export", bad, "--format", "dot", "-o", existing);
        Assert.Equal(1, code);
        Assert.Contains("$.classes", err, StringComparison.Ordinal);
        Assert.Equal("previous content", File.ReadAllText(existing));
    }

    [Fact]
    public void Export_MissingFileOrUnknownFormat_Exit1()
    {
        var (code, _, err) = CliRunner.Run("export", _cli.Path("nope.json"), "--format", "dot");
        Assert.Equal(1, code);
        Assert.Contains("no such report file", err, StringComparison.Ordinal);
        var report = _cli.Save("report.json", EngineGraphs.KnownCycles());
        Assert.Equal(1, CliRunner.Run("export", report, "--format", "png").Code);
    }
}
