using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// The viewer page: HTML, JS and CSS embedded in the assembly (logical names <c>page/&lt;file&gt;</c>, see the csproj),
/// so the page works offline, with no CDN and nothing on disk.
/// </summary>
internal static class PageAssets
{
    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> s_files = Load();

    /// <summary>The embedded file names (without the <c>page/</c> prefix).</summary>
    public static IEnumerable<string> Names => s_files.Keys;

    /// <summary>True for paths served without a bearer token: the page shell carries no data.</summary>
    public static bool IsPublic(PathString path) =>
        path == "/" || (path.StartsWithSegments("/assets", out var rest) && s_files.ContainsKey(rest.Value!.TrimStart('/')));

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapRead("/", ctx => Serve(ctx, "index.html"));
        app.MapRead("/assets/{file}", ctx => Serve(ctx, (string)ctx.Request.RouteValues["file"]!));
    }

    private static Task Serve(HttpContext ctx, string name)
    {
        if (!s_files.TryGetValue(name, out var file))
        {
            throw new BadRequestException($"no page asset '{name}'", 404);
        }

        ctx.Response.ContentType = file.ContentType;
        // The page only talks to its own origin; no inline script, no remote resource.
        ctx.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'";
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.Body.WriteAsync(file.Body, ctx.RequestAborted).AsTask();
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("page/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource["page/".Length..]] = (copy.ToArray(), ContentTypeOf(resource));
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
