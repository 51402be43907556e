using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// Whole-graph responses rendered once per graph revision and shared (#13). Fifty clients asking a 200 MB report's
/// <c>/api/graph</c> cost one rendering and one buffer, not fifty; at most <c>maxConcurrent</c> renderings run at once
/// and <c>maxQueued</c> wait, and any request beyond that gets 503 with <c>Retry-After</c> at once instead of piling up
/// memory. When the revision changes the previous revision's buffers are dropped.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ResponseCache(int maxConcurrent, int maxQueued)
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _renderers = new(maxConcurrent, maxConcurrent);
    private readonly Dictionary<string, Task<ReadOnlyMemory<byte>>> _entries = new(StringComparer.Ordinal);
    private long _revision = long.MinValue;
    private int _pending;

    /// <summary>Renders (or reuses) <paramref name="key"/> of <paramref name="revision"/> and writes it to the response.</summary>
    /// <returns>False when the request was refused with 503 because too many renderings are pending.</returns>
    public async Task<bool> Serve(HttpContext ctx, long revision, string key, string contentType, Action<Stream> render)
    {
        var bytes = Get(revision, key, render);
        if (bytes is null)
        {
            ctx.Response.Headers.RetryAfter = "2";
            await JsonResponse.Error(ctx, StatusCodes.Status503ServiceUnavailable,
                "the endpoint is busy rendering large responses; retry in a moment").ConfigureAwait(false);
            return false;
        }

        var body = await bytes.WaitAsync(ctx.RequestAborted).ConfigureAwait(false);
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        }

        return true;
    }

    private Task<ReadOnlyMemory<byte>>? Get(long revision, string key, Action<Stream> render)
    {
        lock (_lock)
        {
            if (revision != _revision)
            {
                _entries.Clear();
                _revision = revision;
            }

            if (_entries.TryGetValue(key, out var existing) && !existing.IsFaulted && !existing.IsCanceled)
            {
                return existing;
            }

            if (_pending >= maxConcurrent + maxQueued)
            {
                return null;
            }

            _pending++;
            var task = Task.Run(() => Render(render));
            _entries[key] = task;
            return task;
        }
    }

    private async Task<ReadOnlyMemory<byte>> Render(Action<Stream> render)
    {
        try
        {
            await _renderers.WaitAsync().ConfigureAwait(false);
            try
            {
                byte[] body;
                using (var buffer = new MemoryStream())
                {
                    render(buffer);
                    // An exact-size copy: a grown MemoryStream's array may be twice the body, and the cache keeps it.
                    body = buffer.ToArray();
                }

                return body;
            }
            finally
            {
                _renderers.Release();
            }
        }
        finally
        {
            lock (_lock)
            {
                _pending--;
            }
        }
    }
}
