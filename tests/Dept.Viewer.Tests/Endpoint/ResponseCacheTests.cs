using System.Text;
using Dept.Viewer.Endpoint;
using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Tests.Endpoint;

/// <summary>
/// The whole-graph response cache (#13): one rendering per key and revision shared by every client and streamed while
/// it is produced, finished bodies kept within a byte budget, failures not cached, 503 beyond the queue.
/// </summary>
public sealed class ResponseCacheTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ConcurrentRequestsForOneKey_ShareOneRendering_ThatIsStreamedBeforeItEnds()
    {
        var cache = new ResponseCache(maxConcurrent: 1, maxQueued: 0, maxCachedBytes: 1 << 30);
        using var release = new ManualResetEventSlim();
        var expected = Bytes(9 * SharedBody.ChunkSize + 123, seed: 1);
        void Render(Stream s)
        {
            s.Write(expected, 0, 8 * SharedBody.ChunkSize);
            // Held here until a client has received bytes: they can only have come from a body still being rendered.
            Assert.True(release.Wait(Patience));
            s.Write(expected, 8 * SharedBody.ChunkSize, expected.Length - (8 * SharedBody.ChunkSize));
        }

        var (first, firstBody) = Context();
        var (second, secondBody) = Context();
        var serveFirst = cache.Serve(first, revision: 1, "graph", "application/json", Render);
        var serveSecond = cache.Serve(second, revision: 1, "graph", "application/json", Render);
        await firstBody.FirstBytes.WaitAsync(Patience);
        await secondBody.FirstBytes.WaitAsync(Patience);
        Assert.False(serveFirst.IsCompleted);
        release.Set();

        Assert.True(await serveFirst.WaitAsync(Patience));
        Assert.True(await serveSecond.WaitAsync(Patience));
        Assert.Equal(expected, firstBody.ToArray());
        Assert.Equal(expected, secondBody.ToArray());
        Assert.Equal(1, cache.Renders);
        Assert.Equal("application/json", first.Response.ContentType);
    }

    [Fact]
    public async Task AFinishedBody_IsServedWithItsLength_WithoutRenderingAgain()
    {
        var cache = new ResponseCache(1, 0, 1 << 20);
        var expected = Bytes(100_000, seed: 2);
        await Get(cache, 1, "graph", expected);
        var (ctx, body) = Context();
        Assert.True(await cache.Serve(ctx, 1, "graph", "text/plain", _ => throw new InvalidOperationException("rendered twice")));
        Assert.Equal(expected, body.ToArray());
        Assert.Equal(expected.Length, ctx.Response.ContentLength);
        Assert.Equal(1, cache.Renders);
    }

    [Fact]
    public async Task FinishedBodies_StayWithinTheByteBudget_LeastRecentlyUsedDroppedFirst()
    {
        const int size = 10_000;
        var cache = new ResponseCache(1, 0, maxCachedBytes: (2 * size) + (size / 2));
        await Get(cache, 1, "a", Bytes(size, 3));
        await Get(cache, 1, "b", Bytes(size, 4));
        await Get(cache, 1, "a", Bytes(size, 3)); // a is now used more recently than b
        await Get(cache, 1, "c", Bytes(size, 5)); // three do not fit: b goes
        Assert.Equal(3, cache.Renders);
        Assert.Equal(2 * size, cache.CachedBytes);

        await Get(cache, 1, "a", Bytes(size, 3));
        await Get(cache, 1, "c", Bytes(size, 5));
        Assert.Equal(3, cache.Renders);
        await Get(cache, 1, "b", Bytes(size, 4));
        Assert.Equal(4, cache.Renders);
        Assert.InRange(cache.CachedBytes, 0, (2 * size) + (size / 2));
    }

    [Fact]
    public async Task ABodyLargerThanTheBudget_IsStreamedWhole_ButNotKept()
    {
        var cache = new ResponseCache(1, 0, maxCachedBytes: 1000);
        var expected = Bytes(5 * SharedBody.ChunkSize, 6);
        await Get(cache, 1, "graph", expected);
        await Get(cache, 1, "graph", expected);
        Assert.Equal(2, cache.Renders);
        Assert.Equal(0, cache.CachedBytes);
    }

    [Fact]
    public async Task ANewRevision_RendersAgain_AndDropsTheOldRevisionsBodies()
    {
        var cache = new ResponseCache(1, 0, 1 << 20);
        await Get(cache, 1, "graph", Bytes(1000, 7));
        await Get(cache, 2, "graph", Bytes(2000, 8));
        Assert.Equal(2, cache.Renders);
        Assert.Equal(2000, cache.CachedBytes);
    }

    [Fact]
    public async Task AFailedRendering_FailsTheRequest_AndIsNotKept()
    {
        var cache = new ResponseCache(1, 0, 1 << 20);
        var (ctx, _) = Context();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cache.Serve(ctx, 1, "graph", "text/plain", _ => throw new IOException("disk on fire")).WaitAsync(Patience));
        Assert.Contains("disk on fire", ex.Message, StringComparison.Ordinal);

        await Get(cache, 1, "graph", Bytes(10, 9));
        Assert.Equal(2, cache.Renders);
    }

    [Fact]
    public async Task BeyondTheQueue_ARequestNeedingAnotherRendering_Gets503AtOnce()
    {
        var cache = new ResponseCache(maxConcurrent: 1, maxQueued: 0, 1 << 20);
        using var release = new ManualResetEventSlim();
        var (busy, _) = Context();
        var rendering = cache.Serve(busy, 1, "graph", "text/plain", s =>
        {
            Assert.True(release.Wait(Patience));
            s.Write([1, 2, 3]);
        });

        var (refused, body) = Context();
        Assert.False(await cache.Serve(refused, 1, "export/dot", "text/plain", _ => throw new InvalidOperationException("not rendered")).WaitAsync(Patience));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refused.Response.StatusCode);
        Assert.Equal("2", refused.Response.Headers.RetryAfter.ToString());
        Assert.Contains("busy", Encoding.UTF8.GetString(body.ToArray()), StringComparison.Ordinal);

        release.Set();
        Assert.True(await rendering.WaitAsync(Patience));
        Assert.Equal(1, cache.Renders);
    }

    private static async Task Get(ResponseCache cache, long revision, string key, byte[] expected)
    {
        var (ctx, body) = Context();
        Assert.True(await cache.Serve(ctx, revision, key, "text/plain", s => s.Write(expected)).WaitAsync(Patience));
        Assert.Equal(expected, body.ToArray());
    }

    private static (HttpContext Context, RecordingStream Body) Context()
    {
        var body = new RecordingStream();
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "GET";
        ctx.Response.Body = body;
        return (ctx, body);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // A response body that records what it is sent and says when the first bytes arrived.
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _bytes = new();
        private readonly TaskCompletionSource _firstBytes = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstBytes => _firstBytes.Task;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public byte[] ToArray()
        {
            lock (_bytes)
            {
                return _bytes.ToArray();
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_bytes)
            {
                _bytes.Write(buffer);
            }

            _firstBytes.TrySetResult();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
