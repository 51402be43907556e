using System.Globalization;
using System.Xml;
using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>
/// Visual Studio DGML: classes as nodes grouped by namespace (collapsible group nodes linked by <c>Contains</c>),
/// dependencies as links; categories mark cycle members, cycle links and timeout-bounded links.
/// </summary>
internal sealed class DgmlExporter : IGraphExporter
{
    /// <summary>The DGML namespace.</summary>
    public const string Namespace = "http://schemas.microsoft.com/vs/2009/dgml";

    public string Format => "dgml";

    public string Extension => ".dgml";

    public string ContentType => "application/xml; charset=utf-8";

    public void Export(ViewGraph graph, Stream output)
    {
        using var w = XmlWriter.Create(output, XmlText.Settings);
        var cycles = CycleEdges.Of(graph);
        var namespaces = graph.Classes.Select(c => c.Namespace).Where(n => n.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        w.WriteStartElement("DirectedGraph", Namespace);
        w.WriteAttributeString("Title", XmlText.Clean($"Dept dependencies: {graph.Info.Source}"));
        w.WriteAttributeString("GraphDirection", "LeftToRight");
        w.WriteStartElement("Nodes", Namespace);
        foreach (var ns in namespaces)
        {
            w.WriteStartElement("Node", Namespace);
            w.WriteAttributeString("Id", XmlText.Clean("ns:" + ns));
            w.WriteAttributeString("Label", XmlText.Clean(ns));
            w.WriteAttributeString("Group", "Expanded");
            w.WriteAttributeString("Category", "Namespace");
            w.WriteEndElement();
        }

        foreach (var c in graph.Classes)
        {
            w.WriteStartElement("Node", Namespace);
            w.WriteAttributeString("Id", NodeId(c.Id));
            w.WriteAttributeString("Label", XmlText.Clean(c.IsCallSite ? "<sched> " + c.Name : c.Name));
            if (c.InCycle)
            {
                w.WriteAttributeString("Category", "InCycle");
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteStartElement("Links", Namespace);
        foreach (var e in graph.Edges)
        {
            w.WriteStartElement("Link", Namespace);
            w.WriteAttributeString("Source", NodeId(e.From));
            w.WriteAttributeString("Target", NodeId(e.To));
            var onCycle = cycles.TryGetValue((e.From, e.To), out var reports);
            var category = onCycle ? "CycleEdge" : e.Timeout ? "Timeout" : null;
            if (category is not null)
            {
                w.WriteAttributeString("Category", category);
            }

            if (onCycle)
            {
                w.WriteAttributeString("Label", "cycle " + string.Join(",", reports!.Select(r => (r + 1).ToString(CultureInfo.InvariantCulture))));
            }

            w.WriteEndElement();
        }

        foreach (var c in graph.Classes.Where(c => c.Namespace.Length > 0))
        {
            w.WriteStartElement("Link", Namespace);
            w.WriteAttributeString("Source", XmlText.Clean("ns:" + c.Namespace));
            w.WriteAttributeString("Target", NodeId(c.Id));
            w.WriteAttributeString("Category", "Contains");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        WriteCategories(w);
        w.WriteEndElement();
    }

    private static string NodeId(int id) => "c" + id.ToString(CultureInfo.InvariantCulture);

    private static void WriteCategories(XmlWriter w)
    {
        w.WriteStartElement("Categories", Namespace);
        foreach (var (id, label, attr, value) in new[]
        {
            ("Namespace", "Namespace", "Background", "#FFEFEFEF"),
            ("InCycle", "On a reported cycle", "Stroke", "#FFD00000"),
            ("CycleEdge", "Edge of a reported cycle", "Stroke", "#FFD00000"),
            ("Timeout", "Timeout-bounded wait", "StrokeDashArray", "4 2"),
        })
        {
            w.WriteStartElement("Category", Namespace);
            w.WriteAttributeString("Id", id);
            w.WriteAttributeString("Label", label);
            w.WriteAttributeString(attr, value);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }
}
