using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// The middleware in front of every route: read-only (GET/HEAD), bounded requests, loopback Host and Origin on a
/// loopback bind (<see cref="HostPolicy"/>), the access token (configured or per run, <see cref="AccessToken"/>),
/// JSON errors.
/// </summary>
internal sealed class RequestGuard(DeptEndpointOptions options, bool loopbackOnly, AccessToken token)
{
    public async Task Invoke(HttpContext ctx, RequestDelegate next)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        ctx.Response.Headers["Referrer-Policy"] = "no-referrer";
        var request = ctx.Request;
        var urlLength = request.Path.Value!.Length + request.QueryString.Value!.Length;
        if (urlLength > options.MaxUrlLength)
        {
            await JsonResponse.Error(ctx, StatusCodes.Status414UriTooLong,
                $"request URL has {urlLength} characters; the limit is {options.MaxUrlLength}").ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            // Read-only endpoint: no route takes a body, so any body is refused before it is read.
            await JsonResponse.Error(ctx, StatusCodes.Status413PayloadTooLarge, "this endpoint is read-only and accepts no request body").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            ctx.Response.Headers.Allow = "GET, HEAD";
            await JsonResponse.Error(ctx, StatusCodes.Status405MethodNotAllowed, $"method {request.Method} not allowed: the endpoint is read-only (GET, HEAD)").ConfigureAwait(false);
            return;
        }

        if (loopbackOnly && HostPolicy.Check(request) is { } refused)
        {
            await JsonResponse.Error(ctx, refused.Status, refused.Message).ConfigureAwait(false);
            return;
        }

        if (NeedsToken(request.Path) && !token.IsCarriedBy(request))
        {
            await RefuseWithoutToken(ctx).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        catch (BadRequestException ex) when (!ctx.Response.HasStarted)
        {
            await JsonResponse.Error(ctx, ex.Status, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ctx.Response.HasStarted && ex is not OperationCanceledException)
        {
            await JsonResponse.Error(ctx, StatusCodes.Status500InternalServerError, $"internal error: {ex.Message}").ConfigureAwait(false);
        }
    }

    // The page shell holds no data. With a per-run token the counters-only routes stay open too, so a Prometheus
    // scraper or a script need no secret that changes every run; a configured token guards everything but the shell.
    private bool NeedsToken(PathString path) =>
        !PageAssets.IsPublic(path) && !(token.IsPerRun && (path == "/metrics" || path == "/proc/dept_stats"));

    private Task RefuseWithoutToken(HttpContext ctx)
    {
        if (!token.IsPerRun)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer";
            return JsonResponse.Error(ctx, StatusCodes.Status401Unauthorized,
                $"missing or wrong bearer token (Authorization: Bearer <token>, {AccessToken.Header}: <token> or ?{AccessToken.QueryParameter}=<token>)");
        }

        return JsonResponse.Error(ctx, StatusCodes.Status403Forbidden,
            $"missing or wrong access token: open the page at the address dept printed (ending in #token=...), or send the token as {AccessToken.Header}: <token>, Authorization: Bearer <token> or ?{AccessToken.QueryParameter}=<token> (docs/reference/endpoints.md)");
    }
}
