using Dept.Viewer.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dept.Viewer.Endpoint;

/// <summary>The text routes: DEPT's <c>/proc</c> files and Prometheus <c>/metrics</c>.</summary>
internal static class TextRoutes
{
    public static void Map(IEndpointRouteBuilder app, IDeptSource source, ResponseCache responses)
    {
        app.MapRead("/proc/dept_stats", ctx => Text(ctx, source.ProcStats(), "text/plain; charset=utf-8"));
        // Every dependency or every report: as large as the graph, so rendered once per revision and shared (#13).
        app.MapRead("/proc/dept_deps", ctx => Whole(ctx, source, responses, "proc/dept_deps", ProcTexts.WriteDeps));
        app.MapRead("/proc/dept_reports", ctx => Whole(ctx, source, responses, "proc/dept_reports", ProcTexts.WriteReports));
        app.MapRead("/metrics", ctx => Text(ctx, PrometheusText.Render(source.Snapshot().Stats), PrometheusText.ContentType));
    }

    // Written straight into the shared body: the text of the very snapshot whose revision keys it, never a whole string.
    private static Task Whole(HttpContext ctx, IDeptSource source, ResponseCache responses, string key, Action<Model.ViewGraph, TextWriter> render)
    {
        var graph = source.Snapshot();
        return responses.Serve(ctx, graph.Info.Revision, key, "text/plain; charset=utf-8", s =>
        {
            using var writer = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 14, leaveOpen: true) { NewLine = "\n" };
            render(graph, writer);
        });
    }

    internal static Task Text(HttpContext ctx, string body, string contentType)
    {
        ctx.Response.ContentType = contentType;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.WriteAsync(body, ctx.RequestAborted);
    }
}
