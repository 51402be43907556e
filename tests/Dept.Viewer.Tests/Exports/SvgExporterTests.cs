using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dept.Viewer.Exports;
using Dept.Viewer.Model;
using Dept.Viewer.Tests.Analysis;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Exports;

public sealed partial class SvgExporterTests
{
    private static readonly XNamespace s_svg = SvgExporter.Namespace;

    [Fact]
    public void Svg_WholeGraph_IsXml_EveryClassPresent_BoxesApartAndInside()
    {
        var graph = TestGraphs.Small();
        var svg = Parse(graph);
        AssertEveryClassDrawn(graph, svg);
        Assert.Equal(graph.Edges.Count, svg.Descendants(s_svg + "g").Count(g => ((string?)g.Attribute("class"))?.StartsWith("edge", StringComparison.Ordinal) == true));
        // Each edge names its two classes on hover.
        Assert.Contains(svg.Descendants(s_svg + "g").Select(g => (string?)g.Element(s_svg + "title")), t => t == "App.Locks.A → App.Locks.B");
    }

    [Fact]
    public void Svg_TwoCycleInALayeredDrawing_IsTwoDifferentPaths()
    {
        var svg = Parse(TestGraphs.Small());
        var cycleEdges = svg.Descendants(s_svg + "g").Where(g => (string?)g.Attribute("class") == "edge cycle").Select(g => (string)g.Element(s_svg + "path")!.Attribute("d")!).ToList();
        Assert.Equal(2, cycleEdges.Count);
        Assert.NotEqual(cycleEdges[0], cycleEdges[1]);
    }

    [Fact]
    public void Svg_Cycle_IsARing_WithTheContextsSWE()
    {
        var graph = GraphSelection.Cycle(TestGraphs.Small(), 1);
        var svg = Parse(graph);
        AssertEveryClassDrawn(graph, svg);
        var labels = svg.Descendants(s_svg + "text").Where(t => (string?)t.Attribute("class") == "label").Select(t => string.Join("\n", t.Elements(s_svg + "tspan").Select(x => x.Value))).ToList();
        Assert.Equal(2, labels.Count);
        Assert.All(labels, l => Assert.Matches("(?s)^context [AB].*\\[S\\] Monitor.Enter.*\\[W\\] Monitor.Enter.*\\[E\\] Monitor.Exit", l));
        var paths = svg.Descendants(s_svg + "g").Where(g => (string?)g.Attribute("class") == "edge cycle").Select(g => (string)g.Element(s_svg + "path")!.Attribute("d")!).ToList();
        Assert.Equal(2, paths.Count);
        Assert.NotEqual(paths[0], paths[1]);
    }

    [Fact]
    public void Svg_Neighbourhood_HasExactlyTheSelection()
    {
        var graph = GraphSelection.Neighbourhood(TestGraphs.Small(), "App.Locks.A", 1);
        var svg = Parse(graph);
        Assert.Equal(["App.Locks.A", "App.Locks.B", "App.Misc.Free \"<&>\""], Drawn(svg).Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void Svg_GeneratedGraphsWithManySccs_EveryClassPresent_NoOverlap(int seed)
    {
        var graph = GeneratedGraphs.Make(seed, clusters: 150);
        AssertEveryClassDrawn(graph, Parse(graph));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(17)]
    public void Svg_Overview_OneBoxPerComponent_CyclicOnesRed(int seed)
    {
        var graph = GeneratedGraphs.Make(seed, clusters: 100);
        var overview = GraphSelection.Overview(graph);
        var expected = ReferenceAnalysis.Components(graph);
        Assert.Equal(expected.Count, overview.Classes.Count);
        var svg = Parse(overview);
        AssertEveryClassDrawn(overview, svg);
        var red = svg.Descendants(s_svg + "g").Count(g => (string?)g.Attribute("class") == "node cycle");
        Assert.Equal(overview.Classes.Count(c => c.InCycle), red);
        Assert.True(red >= 10);
        Assert.All(overview.Classes.Where(c => c.Name.StartsWith("⟳ ", StringComparison.Ordinal)), c => Assert.True(c.InCycle));
    }

    [Fact]
    public void Svg_FiveThousandClassChain_EveryClassPresent_NoOverlap()
    {
        var view = Sources.DocumentAdapter.ToView(EngineGraphs.Chain(5000).CreateDocument(), "chain", "potential", 0);
        AssertEveryClassDrawn(view, Parse(view));
    }

    private static XElement Parse(ViewGraph graph)
    {
        var text = ExportHelper.Export(new SvgExporter(), graph);
        var root = XDocument.Parse(text).Root!;
        Assert.Equal(s_svg + "svg", root.Name);
        return root;
    }

    private static Dictionary<string, (double X, double Y, double W, double H)> Drawn(XElement svg) =>
        svg.Descendants(s_svg + "g")
            .Where(g => g.Attribute("data-class") is not null)
            .ToDictionary(
                g => (string)g.Attribute("data-class")!,
                g =>
                {
                    var m = Translate().Match((string)g.Attribute("transform")!);
                    var rect = g.Element(s_svg + "rect")!;
                    return (D(m.Groups[1].Value), D(m.Groups[2].Value), D((string)rect.Attribute("width")!), D((string)rect.Attribute("height")!));
                },
                StringComparer.Ordinal);

    private static void AssertEveryClassDrawn(ViewGraph graph, XElement svg)
    {
        var drawn = Drawn(svg);
        Assert.Equal(graph.Classes.Select(c => c.Name).Order(StringComparer.Ordinal), drawn.Keys.Order(StringComparer.Ordinal));
        var (width, height) = (D((string)svg.Attribute("width")!), D((string)svg.Attribute("height")!));
        var boxes = drawn.OrderBy(b => b.Value.X).ThenBy(b => b.Value.Y).ToList();
        foreach (var (name, b) in boxes)
        {
            Assert.True(b.X >= 0 && b.Y >= 0 && b.X + b.W <= width && b.Y + b.H <= height, $"{name} at {b} lies outside {width}x{height}");
        }

        // Sweep by x: only boxes whose x ranges meet can overlap.
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count && boxes[j].Value.X < boxes[i].Value.X + boxes[i].Value.W; j++)
            {
                var (a, b) = (boxes[i].Value, boxes[j].Value);
                Assert.False(a.Y < b.Y + b.H && b.Y < a.Y + a.H, $"{boxes[i].Key} {a} and {boxes[j].Key} {b} overlap");
            }
        }
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^translate\(([-0-9.]+),([-0-9.]+)\)$")]
    private static partial Regex Translate();
}
