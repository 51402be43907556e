using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// Whole-graph responses (#13), rendered once per graph revision and shared. Fifty clients asking a 200 MB report's
/// <c>/api/graph</c> cost one rendering, streamed to all of them as it is produced (<see cref="SharedBody"/>), not
/// fifty. At most <c>maxConcurrent</c> renderings run at once and <c>maxQueued</c> wait; a request that would need
/// another one gets 503 with <c>Retry-After</c> at once instead of piling up memory. Finished bodies of the current
/// revision are kept up to <c>maxCachedBytes</c> in all (least recently used dropped first; a body larger than the
/// budget is only streamed to the clients already reading it); a new revision drops the previous one's.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ResponseCache(int maxConcurrent, int maxQueued, long maxCachedBytes)
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _renderers = new(maxConcurrent, maxConcurrent);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _revision = long.MinValue;
    private long _clock;
    private int _pending;
    private int _renders;

    /// <summary>Renderings started so far (tests: each key of a revision is rendered once, however many clients ask).</summary>
    public int Renders => Volatile.Read(ref _renders);

    /// <summary>Bytes of finished bodies kept for the current revision.</summary>
    public long CachedBytes
    {
        get
        {
            lock (_lock)
            {
                return _entries.Values.Where(e => e.Body.IsCompleted).Sum(e => e.Body.Length);
            }
        }
    }

    /// <summary>Renders (or joins, or reuses) <paramref name="key"/> of <paramref name="revision"/> and streams it to the response.</summary>
    /// <returns>False when the request was refused with 503 because too many renderings are pending.</returns>
    public async Task<bool> Serve(HttpContext ctx, long revision, string key, string contentType, Action<Stream> render)
    {
        var body = Get(revision, key, render);
        if (body is null)
        {
            ctx.Response.Headers.RetryAfter = "2";
            await JsonResponse.Error(ctx, StatusCodes.Status503ServiceUnavailable,
                "the endpoint is busy rendering large responses; retry in a moment").ConfigureAwait(false);
            return false;
        }

        ctx.Response.ContentType = contentType;
        await body.CopyTo(ctx, ctx.RequestAborted).ConfigureAwait(false);
        return true;
    }

    private SharedBody? Get(long revision, string key, Action<Stream> render)
    {
        lock (_lock)
        {
            if (revision != _revision)
            {
                // Renderings of the old revision finish for the clients reading them and are then dropped.
                _entries.Clear();
                _revision = revision;
            }

            if (_entries.TryGetValue(key, out var existing) && !existing.Body.IsFaulted)
            {
                existing.LastUsed = ++_clock;
                return existing.Body;
            }

            if (_pending >= maxConcurrent + maxQueued)
            {
                return null;
            }

            _pending++;
            _renders++;
            var body = new SharedBody();
            _entries[key] = new Entry(body) { LastUsed = ++_clock };
            _ = Task.Run(() => Render(revision, key, body, render));
            return body;
        }
    }

    private async Task Render(long revision, string key, SharedBody body, Action<Stream> render)
    {
        Exception? failure = null;
        try
        {
            await _renderers.WaitAsync().ConfigureAwait(false);
            try
            {
                render(body);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                _renderers.Release();
            }
        }
        finally
        {
            // The slot is given back before the clients learn the body is whole: a client that asks again as soon as
            // it has its answer must not be refused with 503 by a rendering that has already ended.
            lock (_lock)
            {
                _pending--;
            }
        }

        if (failure is null)
        {
            body.Complete();
        }
        else
        {
            body.Fail(failure);
        }

        lock (_lock)
        {
            Keep(revision, key, body);
        }
    }

    // Under _lock: keeps a finished body within the byte budget, dropping the least recently used others first.
    private void Keep(long revision, string key, SharedBody body)
    {
        if (revision != _revision || !_entries.TryGetValue(key, out var entry) || entry.Body != body)
        {
            return;
        }

        if (body.IsFaulted || body.Length > maxCachedBytes)
        {
            _entries.Remove(key);
            return;
        }

        var finished = _entries.Where(e => e.Value.Body.IsCompleted).OrderBy(e => e.Value.LastUsed).ToList();
        var total = finished.Sum(e => e.Value.Body.Length);
        foreach (var (oldKey, old) in finished)
        {
            if (total <= maxCachedBytes)
            {
                break;
            }

            if (old.Body != body)
            {
                _entries.Remove(oldKey);
                total -= old.Body.Length;
            }
        }
    }

    private sealed class Entry(SharedBody body)
    {
        public SharedBody Body { get; } = body;

        public long LastUsed { get; set; }
    }
}
