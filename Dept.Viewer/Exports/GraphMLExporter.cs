using System.Globalization;
using System.Xml;
using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>GraphML 1.0 (yEd, Gephi, networkx): typed keys for class name, namespace, cycle membership and edge flags.</summary>
internal sealed class GraphMLExporter : IGraphExporter
{
    /// <summary>The GraphML namespace.</summary>
    public const string Namespace = "http://graphml.graphdrawing.org/xmlns";

    private static readonly (string Id, string For, string Name, string Type)[] s_keys =
    [
        ("name", "node", "name", "string"),
        ("namespace", "node", "namespace", "string"),
        ("callSite", "node", "callSite", "boolean"),
        ("inCycle", "node", "inCycle", "boolean"),
        ("timeout", "edge", "timeout", "boolean"),
        ("cycles", "edge", "cycles", "string"),
    ];

    public string Format => "graphml";

    public string Extension => ".graphml";

    public string ContentType => "application/xml; charset=utf-8";

    public void Export(ViewGraph graph, Stream output)
    {
        using var w = XmlWriter.Create(output, XmlText.Settings);
        var cycles = CycleEdges.Of(graph);
        w.WriteStartElement("graphml", Namespace);
        foreach (var (id, @for, name, type) in s_keys)
        {
            w.WriteStartElement("key", Namespace);
            w.WriteAttributeString("id", id);
            w.WriteAttributeString("for", @for);
            w.WriteAttributeString("attr.name", name);
            w.WriteAttributeString("attr.type", type);
            w.WriteEndElement();
        }

        w.WriteStartElement("graph", Namespace);
        w.WriteAttributeString("id", "dept");
        w.WriteAttributeString("edgedefault", "directed");
        foreach (var c in graph.Classes)
        {
            w.WriteStartElement("node", Namespace);
            w.WriteAttributeString("id", "n" + c.Id.ToString(CultureInfo.InvariantCulture));
            Data(w, "name", XmlText.Clean(c.Name));
            Data(w, "namespace", XmlText.Clean(c.Namespace));
            Data(w, "callSite", c.IsCallSite ? "true" : "false");
            Data(w, "inCycle", c.InCycle ? "true" : "false");
            w.WriteEndElement();
        }

        for (var i = 0; i < graph.Edges.Count; i++)
        {
            var e = graph.Edges[i];
            w.WriteStartElement("edge", Namespace);
            w.WriteAttributeString("id", "e" + i.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("source", "n" + e.From.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("target", "n" + e.To.ToString(CultureInfo.InvariantCulture));
            Data(w, "timeout", e.Timeout ? "true" : "false");
            if (cycles.TryGetValue((e.From, e.To), out var reports))
            {
                Data(w, "cycles", string.Join(",", reports.Select(r => (r + 1).ToString(CultureInfo.InvariantCulture))));
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Data(XmlWriter w, string key, string value)
    {
        w.WriteStartElement("data", Namespace);
        w.WriteAttributeString("key", key);
        w.WriteString(value);
        w.WriteEndElement();
    }
}
