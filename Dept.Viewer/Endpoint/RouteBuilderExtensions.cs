using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dept.Viewer.Endpoint;

/// <summary>Route registration for a read-only endpoint: every route answers GET and HEAD.</summary>
internal static class RouteBuilderExtensions
{
    private static readonly string[] s_readMethods = [HttpMethods.Get, HttpMethods.Head];

    public static void MapRead(this IEndpointRouteBuilder app, string pattern, RequestDelegate handler) =>
        app.MapMethods(pattern, s_readMethods, handler);
}
