using System.Text.Json;
using Microsoft.Playwright;

namespace Dept.Viewer.Tests.Browser;

/// <summary>What the drawing looks like on screen: the canvas and every node box, in page pixels.</summary>
internal sealed record GraphGeometry(Rect Canvas, IReadOnlyList<NodeBox> Nodes, IReadOnlyList<EdgeShape> Edges)
{
    private const string Script = """
        () => {
          const r = e => { const b = e.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height }; };
          const svg = document.getElementById('graph');
          const nodes = [...svg.querySelectorAll('g.node')].map(g => ({
            text: g.querySelector('text').textContent, box: r(g.querySelector('rect')), label: r(g.querySelector('text')), classes: g.getAttribute('class') }));
          const edges = [...svg.querySelectorAll('g.edge')].map(g => {
            const p = g.querySelector('path.line'), len = p.getTotalLength(), m = p.getPointAtLength(len / 2), ctm = p.getScreenCTM();
            const pt = new DOMPoint(m.x, m.y).matrixTransform(ctm);
            return { from: g.dataset.from, to: g.dataset.to, d: p.getAttribute('d'), mid: { x: pt.x, y: pt.y }, classes: g.getAttribute('class') };
          });
          return { canvas: r(svg), nodes, edges };
        }
        """;

    public static async Task<GraphGeometry> Of(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(Script);
        static Rect R(JsonElement e) => new(e.GetProperty("x").GetDouble(), e.GetProperty("y").GetDouble(), e.GetProperty("w").GetDouble(), e.GetProperty("h").GetDouble());
        var nodes = json.GetProperty("nodes").EnumerateArray()
            .Select(n => new NodeBox(n.GetProperty("text").GetString()!, R(n.GetProperty("box")), R(n.GetProperty("label")), n.GetProperty("classes").GetString()!))
            .ToList();
        var edges = json.GetProperty("edges").EnumerateArray()
            .Select(e => new EdgeShape(
                e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!, e.GetProperty("d").GetString()!,
                e.GetProperty("mid").GetProperty("x").GetDouble(), e.GetProperty("mid").GetProperty("y").GetDouble(), e.GetProperty("classes").GetString()!))
            .ToList();
        return new GraphGeometry(R(json.GetProperty("canvas")), nodes, edges);
    }

    /// <summary>Every node box (and its label) lies inside the canvas; no two node boxes overlap.</summary>
    public void AssertReadable()
    {
        Assert.NotEmpty(Nodes);
        foreach (var n in Nodes)
        {
            Assert.True(Canvas.Contains(n.Box), $"node '{n.Text}' at {n.Box} lies outside the canvas {Canvas}");
            Assert.True(n.Box.Contains(n.Label), $"the label of '{n.Text}' ({n.Label}) overflows its box {n.Box}");
        }

        for (var i = 0; i < Nodes.Count; i++)
        {
            for (var j = i + 1; j < Nodes.Count; j++)
            {
                Assert.False(Nodes[i].Box.Overlaps(Nodes[j].Box), $"nodes '{Nodes[i].Text}' {Nodes[i].Box} and '{Nodes[j].Text}' {Nodes[j].Box} overlap");
            }
        }
    }
}

internal sealed record NodeBox(string Text, Rect Box, Rect Label, string Classes);

internal sealed record EdgeShape(string From, string To, string PathData, double MidX, double MidY, string Classes);

internal readonly record struct Rect(double X, double Y, double W, double H)
{
    private const double Slack = 0.5; // sub-pixel rounding of getBoundingClientRect

    public double Right => X + W;

    public double Bottom => Y + H;

    public bool Contains(Rect o) => o.X >= X - Slack && o.Y >= Y - Slack && o.Right <= Right + Slack && o.Bottom <= Bottom + Slack;

    public bool Overlaps(Rect o) => X < o.Right - Slack && o.X < Right - Slack && Y < o.Bottom - Slack && o.Y < Bottom - Slack;

    public override string ToString() => FormattableString.Invariant($"({X:0.#},{Y:0.#} {W:0.#}x{H:0.#})");
}
