namespace Dept.Viewer.Exports;

/// <summary>The known exporters, by format name.</summary>
internal static class GraphExporters
{
    /// <summary>All exporters, in the order the CLI help lists them.</summary>
    public static IReadOnlyList<IGraphExporter> All { get; } =
        [new DotExporter(), new DgmlExporter(), new GraphMLExporter(), new JsonExporter(), new SvgExporter(), new MermaidExporter()];

    /// <summary>The format names, for help texts and error messages.</summary>
    public static IEnumerable<string> Formats => All.Select(e => e.Format);

    /// <summary>Finds the exporter for <paramref name="format"/> (case-insensitive), or null.</summary>
    public static IGraphExporter? Find(string format) =>
        All.FirstOrDefault(e => string.Equals(e.Format, format, StringComparison.OrdinalIgnoreCase));
}
