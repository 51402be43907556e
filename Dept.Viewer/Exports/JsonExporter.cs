using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>The viewer's graph JSON (<c>dept.graph/1</c>, docs/reference/exports.md), the same as <c>GET /api/graph</c>.</summary>
internal sealed class JsonExporter : IGraphExporter
{
    public string Format => "json";

    public string Extension => ".json";

    public string ContentType => "application/json; charset=utf-8";

    public void Export(ViewGraph graph, Stream output) => GraphJson.Write(graph, output, indented: true);
}
