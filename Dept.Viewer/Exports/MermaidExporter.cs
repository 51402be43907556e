using System.Globalization;
using System.Text;
using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>
/// Mermaid <c>flowchart LR</c> (#15): GitHub and most Markdown viewers render it, so a job summary or a pull request
/// comment shows the picture. Cycle members and cycle edges in red, timeout-bounded edges dotted.
/// </summary>
internal sealed class MermaidExporter : IGraphExporter
{
    public string Format => "mermaid";

    public string Extension => ".mmd";

    public string ContentType => "text/plain; charset=utf-8";

    public void Export(ViewGraph graph, Stream output)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        w.Write(Render(graph));
    }

    /// <summary>The flowchart text, ending in a newline.</summary>
    public static string Render(ViewGraph graph)
    {
        var cycles = CycleEdges.Of(graph);
        var b = new StringBuilder("flowchart LR\n");
        foreach (var c in graph.Classes)
        {
            b.Append("  ").Append(Id(c.Id)).Append("[\"").Append(Label(c.IsCallSite ? "<sched> " + c.Name : c.Name)).Append("\"]\n");
        }

        var cycleLinks = new List<int>();
        for (var i = 0; i < graph.Edges.Count; i++)
        {
            var e = graph.Edges[i];
            var arrow = e.Timeout ? "-.->" : "-->";
            b.Append("  ").Append(Id(e.From)).Append(' ').Append(arrow);
            if (cycles.TryGetValue((e.From, e.To), out var reports))
            {
                cycleLinks.Add(i);
                b.Append("|\"cycle ").Append(string.Join(",", reports.Select(r => (r + 1).ToString(CultureInfo.InvariantCulture)))).Append("\"|");
            }

            b.Append(' ').Append(Id(e.To)).Append('\n');
        }

        var inCycle = graph.Classes.Where(c => c.InCycle).Select(c => Id(c.Id)).ToList();
        if (inCycle.Count > 0)
        {
            b.Append("  classDef cycle stroke:#c00000,stroke-width:2px\n");
            b.Append("  class ").Append(string.Join(",", inCycle)).Append(" cycle\n");
        }

        if (cycleLinks.Count > 0)
        {
            b.Append("  linkStyle ").Append(string.Join(",", cycleLinks.Select(i => i.ToString(CultureInfo.InvariantCulture)))).Append(" stroke:#c00000,stroke-width:2px\n");
        }

        return b.ToString();
    }

    private static string Id(int id) => "c" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A quoted Mermaid label: Mermaid has no backslash escapes, only HTML-like entity codes (<c>#quot;</c>), and it
    /// treats <c>&lt;</c> as markup, so those characters (and <c>#</c>, which starts an entity) become entity codes.
    /// </summary>
    internal static string Label(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            _ = ch switch
            {
                '"' => b.Append("#quot;"),
                '<' => b.Append("#lt;"),
                '>' => b.Append("#gt;"),
                '&' => b.Append("#amp;"),
                '#' => b.Append("#35;"),
                '\n' or '\r' => b.Append(' '),
                _ => b.Append(ch),
            };
        }

        return b.ToString();
    }
}
