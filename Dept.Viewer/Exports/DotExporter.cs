using System.Globalization;
using System.Text;
using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>Graphviz DOT: one node per class, one edge per dependency; cycle members and cycle edges in red.</summary>
internal sealed class DotExporter : IGraphExporter
{
    public string Format => "dot";

    public string Extension => ".dot";

    public string ContentType => "text/vnd.graphviz; charset=utf-8";

    public void Export(ViewGraph graph, Stream output)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        var cycles = CycleEdges.Of(graph);
        w.WriteLine("digraph dept {");
        w.WriteLine($"  graph [label={Quote($"Dept dependencies: {graph.Info.Source}")}, rankdir=LR];");
        w.WriteLine("  node [shape=box, fontname=\"monospace\"];");
        foreach (var c in graph.Classes)
        {
            var attrs = $"label={Quote(c.IsCallSite ? "<sched> " + c.Name : c.Name)}";
            if (c.InCycle)
            {
                attrs += ", color=red, penwidth=2";
            }

            w.WriteLine($"  n{c.Id.ToString(CultureInfo.InvariantCulture)} [{attrs}];");
        }

        foreach (var e in graph.Edges)
        {
            var attrs = new List<string>();
            if (e.Timeout)
            {
                attrs.Add("style=dashed");
            }

            if (cycles.TryGetValue((e.From, e.To), out var reports))
            {
                attrs.Add("color=red");
                attrs.Add($"label={Quote("cycle " + string.Join(",", reports.Select(r => (r + 1).ToString(CultureInfo.InvariantCulture))))}");
            }

            var suffix = attrs.Count == 0 ? string.Empty : $" [{string.Join(", ", attrs)}]";
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  n{e.From} -> n{e.To}{suffix};"));
        }

        w.WriteLine("}");
    }

    /// <summary>A DOT quoted string: backslash and quote escaped, line breaks as <c>\n</c>.</summary>
    internal static string Quote(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var ch in s)
        {
            _ = ch switch
            {
                '"' => b.Append("\\\""),
                '\\' => b.Append("\\\\"),
                '\n' => b.Append("\\n"),
                '\r' => b,
                _ => b.Append(ch),
            };
        }

        return b.Append('"').ToString();
    }
}
