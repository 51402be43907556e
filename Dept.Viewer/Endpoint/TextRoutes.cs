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
        app.MapRead("/proc/dept_deps", ctx => Whole(ctx, source, responses, "proc/dept_deps", source.ProcDeps));
        app.MapRead("/proc/dept_reports", ctx => Whole(ctx, source, responses, "proc/dept_reports", source.ProcReports));
        app.MapRead("/metrics", ctx => Text(ctx, PrometheusText.Render(source.Snapshot().Stats), PrometheusText.ContentType));
    }

    private static Task Whole(HttpContext ctx, IDeptSource source, ResponseCache responses, string key, Func<string> render) =>
        responses.Serve(ctx, source.Snapshot().Info.Revision, key, "text/plain; charset=utf-8", s =>
        {
            using var writer = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(render());
        });

    internal static Task Text(HttpContext ctx, string body, string contentType)
    {
        ctx.Response.ContentType = contentType;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.WriteAsync(body, ctx.RequestAborted);
    }
}
