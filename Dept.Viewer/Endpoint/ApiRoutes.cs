using System.Globalization;
using System.Text.Json;
using Dept.Viewer.Exports;
using Dept.Viewer.Model;
using Dept.Viewer.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dept.Viewer.Endpoint;

/// <summary>The JSON API under <c>/api</c> (docs/reference/endpoints.md).</summary>
internal static class ApiRoutes
{
    /// <summary>Largest page of classes one request may ask for.</summary>
    public const int MaxLimit = 5000;

    public static void Map(IEndpointRouteBuilder app, IDeptSource source, ResponseCache responses)
    {
        app.MapRead("/api/info", ctx => JsonResponse.Write(ctx, 200, w => GraphJson.WriteInfo(w, source.Snapshot())));
        app.MapRead("/api/graph", ctx => WriteGraph(ctx, source.Snapshot(), responses));
        app.MapRead("/api/hangs", ctx => JsonResponse.Write(ctx, 200, w => Array(w, source.Snapshot().Hangs, GraphJson.WriteHang)));
        app.MapRead("/api/stats", ctx => JsonResponse.Write(ctx, 200, w => Array(w, source.Snapshot().Stats, GraphJson.WriteStat)));
        app.MapRead("/api/classes", ctx => Classes(ctx, source.Snapshot()));
        app.MapRead("/api/classes/{id}", ctx =>
        {
            var graph = source.Snapshot();
            return ClassDetail(ctx, graph, ById(ctx, graph));
        });
        app.MapRead("/api/class", ctx =>
        {
            var graph = source.Snapshot();
            return ClassDetail(ctx, graph, ByName(ctx, graph));
        });
        app.MapRead("/api/classes/{id}/neighbourhood", ctx =>
        {
            var graph = source.Snapshot();
            return NeighbourhoodOf(ctx, graph, ById(ctx, graph));
        });
        app.MapRead("/api/neighbourhood", ctx =>
        {
            var graph = source.Snapshot();
            return NeighbourhoodOf(ctx, graph, ByName(ctx, graph));
        });
        app.MapRead("/api/export/{format}", ctx =>
        {
            var format = (string)ctx.Request.RouteValues["format"]!;
            var exporter = GraphExporters.Find(format)
                ?? throw new BadRequestException($"unknown export format '{format}'; known: {string.Join(", ", GraphExporters.Formats)}", 404);
            return Export(ctx, exporter, source.Snapshot(), responses);
        });
        app.MapRead("/api/reports", ctx =>
        {
            var graph = source.Snapshot();
            var filter = QueryParameters.Timeout(ctx);
            return JsonResponse.Write(ctx, 200, w => Array(w, graph.FilterReports(filter), GraphJson.WriteReport));
        });
        app.MapRead("/api/reports/{index}", ctx =>
        {
            var graph = source.Snapshot();
            var raw = (string)ctx.Request.RouteValues["index"]!;
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= graph.Reports.Count)
            {
                throw new BadRequestException($"unknown report '{raw}': there are {graph.Reports.Count} reports (0-based)", 404);
            }

            return JsonResponse.Write(ctx, 200, w => GraphJson.WriteReport(w, graph.Reports[index]));
        });
    }

    // Whole-graph responses: rendered once per revision, shared by every client, bounded (ResponseCache, #13).
    private static Task WriteGraph(HttpContext ctx, ViewGraph graph, ResponseCache responses) =>
        responses.Serve(ctx, graph.Info.Revision, "graph", "application/json; charset=utf-8", s => GraphJson.Write(graph, s, indented: false));

    private static Task Export(HttpContext ctx, IGraphExporter exporter, ViewGraph graph, ResponseCache responses)
    {
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"dept{exporter.Extension}\"";
        return responses.Serve(ctx, graph.Info.Revision, "export/" + exporter.Format, exporter.ContentType, s => exporter.Export(graph, s));
    }

    private static Task Classes(HttpContext ctx, ViewGraph graph)
    {
        var query = new ClassQuery(
            QueryParameters.String(ctx, "search"),
            QueryParameters.String(ctx, "namespace"),
            QueryParameters.Bool(ctx, "onlyCycles"),
            QueryParameters.Timeout(ctx),
            QueryParameters.Int(ctx, "offset", 0, 0, int.MaxValue),
            QueryParameters.Int(ctx, "limit", 200, 1, MaxLimit));
        var (total, items) = graph.Query(query);
        return JsonResponse.Write(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total", total);
            w.WriteNumber("offset", query.Offset);
            w.WritePropertyName("items");
            Array(w, items, (w2, c) => GraphJson.WriteClass(w2, graph, c));
            w.WriteEndObject();
        });
    }

    private static Task ClassDetail(HttpContext ctx, ViewGraph graph, ViewClass c) => JsonResponse.Write(ctx, 200, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("class");
        GraphJson.WriteClass(w, graph, c);
        w.WritePropertyName("dependsOn");
        Array(w, graph.OutEdges(c.Id).ToArray().Select(e => graph.Classes[graph.Edges[e].To]), (w2, x) => GraphJson.WriteClass(w2, graph, x));
        w.WritePropertyName("dependedOnBy");
        Array(w, graph.InEdges(c.Id).ToArray().Select(e => graph.Classes[graph.Edges[e].From]), (w2, x) => GraphJson.WriteClass(w2, graph, x));
        w.WritePropertyName("reports");
        Array(w, graph.Reports.Where(r => r.Cycle.Contains(c.Id) || (r.Classes?.Contains(c.Id) ?? false)).Select(r => r.Index), (w2, i) => w2.WriteNumberValue(i));
        w.WriteEndObject();
    });

    private static Task NeighbourhoodOf(HttpContext ctx, ViewGraph graph, ViewClass c)
    {
        var depth = QueryParameters.Int(ctx, "depth", 1, 1, ViewGraph.MaxDepth);
        var limit = QueryParameters.Int(ctx, "limit", 100, 1, MaxLimit);
        var n = graph.GetNeighbourhood(c, depth, limit);
        return JsonResponse.Write(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("center");
            GraphJson.WriteClass(w, graph, n.Center);
            w.WriteNumber("depth", depth);
            w.WriteBoolean("truncated", n.Truncated);
            WriteRing(w, graph, "dependsOn", n.DependsOn);
            WriteRing(w, graph, "dependedOnBy", n.DependedOnBy);
            w.WritePropertyName("edges");
            Array(w, n.Edges, GraphJson.WriteEdge);
            w.WriteEndObject();
        });
    }

    private static void WriteRing(Utf8JsonWriter w, ViewGraph graph, string name, IReadOnlyList<(ViewClass Class, int Depth)> ring)
    {
        w.WriteStartArray(name);
        foreach (var (c, d) in ring)
        {
            w.WriteStartObject();
            w.WriteNumber("depth", d);
            w.WritePropertyName("class");
            GraphJson.WriteClass(w, graph, c);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static ViewClass ById(HttpContext ctx, ViewGraph graph)
    {
        var raw = (string)ctx.Request.RouteValues["id"]!;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id >= graph.Classes.Count)
        {
            throw new BadRequestException($"unknown class id '{raw}': ids run 0..{graph.Classes.Count - 1}", 404);
        }

        return graph.Classes[id];
    }

    private static ViewClass ByName(HttpContext ctx, ViewGraph graph)
    {
        var name = QueryParameters.String(ctx, "name") ?? throw new BadRequestException("query parameter 'name' is required");
        return graph.Find(name) ?? throw new BadRequestException($"unknown class '{name}'", 404);
    }

    private static void Array<T>(Utf8JsonWriter w, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            write(w, item);
        }

        w.WriteEndArray();
    }
}
