using Dept.Viewer.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dept.Viewer.Endpoint;

/// <summary>The text routes: DEPT's <c>/proc</c> files and Prometheus <c>/metrics</c>.</summary>
internal static class TextRoutes
{
    public static void Map(IEndpointRouteBuilder app, IDeptSource source)
    {
        app.MapRead("/proc/dept_stats", ctx => Text(ctx, source.ProcStats(), "text/plain; charset=utf-8"));
        app.MapRead("/proc/dept_deps", ctx => Text(ctx, source.ProcDeps(), "text/plain; charset=utf-8"));
        app.MapRead("/proc/dept_reports", ctx => Text(ctx, source.ProcReports(), "text/plain; charset=utf-8"));
        app.MapRead("/metrics", ctx => Text(ctx, PrometheusText.Render(source.Snapshot().Stats), PrometheusText.ContentType));
    }

    internal static Task Text(HttpContext ctx, string body, string contentType)
    {
        ctx.Response.ContentType = contentType;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.WriteAsync(body, ctx.RequestAborted);
    }
}
