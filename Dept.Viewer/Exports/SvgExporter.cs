using System.Globalization;
using System.Text;
using System.Xml;
using Dept.Viewer.Drawing;
using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>
/// A standalone SVG picture (#15) for CI artifacts and job summaries: a graph that is exactly one reported cycle is
/// drawn as a ring with its contexts' <c>[S]</c>/<c>[W]</c>/<c>[E]</c> lines and threads on the edges; anything else
/// (the whole graph, a neighbourhood) gets the layered layout. Every class is a <c>g.node</c> with a
/// <c>data-class</c> attribute; every edge a <c>g.edge</c> whose <c>title</c> names its wait and event sites.
/// </summary>
internal sealed class SvgExporter : IGraphExporter
{
    /// <summary>The SVG namespace.</summary>
    public const string Namespace = "http://www.w3.org/2000/svg";

    private const double CharWidth = 7.2, NodeHeight = 24, Pad = 8;

    private const string Style =
        ".node rect{fill:#fff;stroke:#888}.node.cycle rect{stroke:#c00000;stroke-width:2}" +
        ".node text{font:12px ui-monospace,monospace;fill:#1d1d1f}.edge path{fill:none;stroke:#999;stroke-width:1.2}" +
        ".edge.timeout path{stroke-dasharray:4 3}.edge.cycle path{stroke:#c00000;stroke-width:1.8}" +
        ".label{font:11px ui-monospace,monospace;fill:#1d1d1f}.label .head{fill:#6e6e73}";

    public string Format => "svg";

    public string Extension => ".svg";

    public string ContentType => "image/svg+xml";

    public void Export(ViewGraph graph, Stream output)
    {
        var sizes = graph.Classes.Select(c => (W: (Text(c).Length * CharWidth) + (2 * Pad), H: NodeHeight)).ToList();
        var cycles = CycleEdges.Of(graph);
        var ring = graph.Reports.Count == 1 && graph.Classes.Count > 0 && graph.Reports[0].Cycle.Count == graph.Classes.Count;
        Layout layout;
        IReadOnlyList<RingLayout.Label> labels = [];
        IReadOnlyList<(int From, int To)> edges;
        if (ring)
        {
            var report = graph.Reports[0];
            edges = [.. report.Cycle.Select((id, i) => (id, report.Cycle[(i + 1) % report.Cycle.Count]))];
            // The ring's node i is the cycle's i-th class; sizes follow that order.
            var ringSizes = report.Cycle.Select(id => sizes[id]).ToList();
            (layout, labels) = RingLayout.Compute(ringSizes, [.. report.Contexts.Select(ContextLines)]);
            var boxes = new Box[graph.Classes.Count];
            for (var i = 0; i < report.Cycle.Count; i++)
            {
                boxes[report.Cycle[i]] = layout.Nodes[i];
            }

            layout = layout with { Nodes = boxes };
        }
        else
        {
            edges = [.. graph.Edges.Select(e => (e.From, e.To))];
            layout = LayeredLayout.Compute(sizes, edges);
        }

        using var w = XmlWriter.Create(output, XmlText.Settings);
        w.WriteStartElement("svg", Namespace);
        w.WriteAttributeString("width", Num(layout.Width));
        w.WriteAttributeString("height", Num(layout.Height));
        w.WriteAttributeString("viewBox", $"0 0 {Num(layout.Width)} {Num(layout.Height)}");
        w.WriteElementString("title", Namespace, XmlText.Clean($"Dept dependencies: {graph.Info.Source}"));
        w.WriteElementString("style", Namespace, Style);
        WriteMarkers(w);
        for (var i = 0; i < edges.Count; i++)
        {
            var (from, to) = edges[i];
            var edge = graph.TryGetEdge(from, to);
            var onCycle = cycles.ContainsKey((from, to));
            w.WriteStartElement("g", Namespace);
            w.WriteAttributeString("class", "edge" + (onCycle ? " cycle" : string.Empty) + (edge?.Timeout == true ? " timeout" : string.Empty));
            w.WriteStartElement("path", Namespace);
            w.WriteAttributeString("d", PathData(layout.Routes[i], ring));
            w.WriteAttributeString("marker-end", onCycle ? "url(#arrow-red)" : "url(#arrow)");
            w.WriteEndElement();
            w.WriteElementString("title", Namespace, XmlText.Clean(EdgeTitle(graph, from, to, edge)));
            w.WriteEndElement();
        }

        foreach (var c in graph.Classes)
        {
            var b = layout.Nodes[c.Id];
            w.WriteStartElement("g", Namespace);
            w.WriteAttributeString("class", c.InCycle ? "node cycle" : "node");
            w.WriteAttributeString("data-class", XmlText.Clean(c.Name));
            w.WriteAttributeString("transform", $"translate({Num(b.X)},{Num(b.Y)})");
            w.WriteElementString("title", Namespace, XmlText.Clean(c.Name));
            w.WriteStartElement("rect", Namespace);
            w.WriteAttributeString("width", Num(b.W));
            w.WriteAttributeString("height", Num(b.H));
            w.WriteAttributeString("rx", "4");
            w.WriteEndElement();
            w.WriteStartElement("text", Namespace);
            w.WriteAttributeString("x", Num(Pad));
            w.WriteAttributeString("y", "16");
            w.WriteString(XmlText.Clean(Text(c)));
            w.WriteEndElement();
            w.WriteEndElement();
        }

        foreach (var label in labels)
        {
            WriteLabel(w, label);
        }

        w.WriteEndElement();
    }

    private static string Text(ViewClass c) => c.IsCallSite ? "<sched> " + c.Name : c.Name;

    private static List<string> ContextLines(ViewContext c) =>
    [
        c.Label + (c.Thread is null ? string.Empty : " · " + c.Thread) + (c.Timeout ? " · timeout" : string.Empty),
        Line(c.Start),
        Line(c.Wait),
        Line(c.Event),
    ];

    private static string Line(ViewPoint p) => $"[{p.Tag}] {p.Function}({p.ClassName})" + (p.Location is null ? string.Empty : " at " + p.Location);

    private static string EdgeTitle(ViewGraph graph, int from, int to, ViewEdge? edge)
    {
        var b = new StringBuilder($"{graph.Classes[from].Name} → {graph.Classes[to].Name}");
        if (edge?.Wait is { } wait)
        {
            b.Append("\nwait: ").Append(wait);
        }

        if (edge?.Event is { } ev)
        {
            b.Append("\nevent: ").Append(ev);
        }

        return b.ToString();
    }

    private static void WriteLabel(XmlWriter w, RingLayout.Label label)
    {
        w.WriteStartElement("text", Namespace);
        w.WriteAttributeString("class", "label");
        w.WriteAttributeString("text-anchor", label.AnchorEnd ? "end" : "start");
        for (var i = 0; i < label.Lines.Count; i++)
        {
            w.WriteStartElement("tspan", Namespace);
            if (i == 0)
            {
                w.WriteAttributeString("class", "head");
            }

            w.WriteAttributeString("x", Num(label.At.X));
            w.WriteAttributeString("y", Num(label.At.Y + (i * 15)));
            w.WriteString(XmlText.Clean(label.Lines[i]));
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteMarkers(XmlWriter w)
    {
        w.WriteStartElement("defs", Namespace);
        foreach (var (id, color) in new[] { ("arrow", "#999"), ("arrow-red", "#c00000") })
        {
            w.WriteStartElement("marker", Namespace);
            w.WriteAttributeString("id", id);
            w.WriteAttributeString("viewBox", "0 0 10 10");
            w.WriteAttributeString("refX", "10");
            w.WriteAttributeString("refY", "5");
            w.WriteAttributeString("markerWidth", "7");
            w.WriteAttributeString("markerHeight", "7");
            w.WriteAttributeString("orient", "auto-start-reverse");
            w.WriteStartElement("path", Namespace);
            w.WriteAttributeString("d", "M0,0 L10,5 L0,10 z");
            w.WriteAttributeString("fill", color);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    // Ring arcs pass through their apex (a quadratic curve); layered routes are cubic pieces with level tangents.
    private static string PathData(IReadOnlyList<Pt> p, bool ring)
    {
        var b = new StringBuilder($"M{Num(p[0].X)},{Num(p[0].Y)}");
        if (ring && p.Count == 3)
        {
            var c = new Pt((2 * p[1].X) - ((p[0].X + p[2].X) / 2), (2 * p[1].Y) - ((p[0].Y + p[2].Y) / 2));
            return b.Append($" Q{Num(c.X)},{Num(c.Y)} {Num(p[2].X)},{Num(p[2].Y)}").ToString();
        }

        for (var i = 1; i < p.Count; i++)
        {
            var mid = (p[i - 1].X + p[i].X) / 2;
            b.Append($" C{Num(mid)},{Num(p[i - 1].Y)} {Num(mid)},{Num(p[i].Y)} {Num(p[i].X)},{Num(p[i].Y)}");
        }

        return b.ToString();
    }

    private static string Num(double v) => Math.Round(v, 1).ToString(CultureInfo.InvariantCulture);
}
