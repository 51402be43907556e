using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// One whole-graph response being rendered, or rendered, once for every client that asks for it (#13): the renderer
/// writes it as a stream of fixed-size chunks and every reader sends the chunks as they appear, so the first bytes
/// leave while the rest is still being produced and no client waits for, or copies, the whole body. The chunks are
/// the only copy: no growing buffer (a <see cref="MemoryStream"/> doubles into the large-object heap, which is what
/// made the endpoint's peak several times a report), no final array.
/// </summary>
/// <remarks>One writer (the renderer, through the <see cref="Stream"/> API), any number of concurrent readers.</remarks>
internal sealed class SharedBody : Stream
{
    /// <summary>Chunk size: below the 85,000-byte large-object threshold, so chunks live and die in the ordinary heap.</summary>
    internal const int ChunkSize = 64 * 1024;

    // Readers are woken every few chunks, not per write: enough to keep sockets busy, few enough wake-ups.
    private const int ChunksPerSignal = 4;

    private readonly Lock _lock = new();
    private readonly List<byte[]> _chunks = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _current;
    private int _currentLength;
    private long _published;
    private int _unsignalled;
    private bool _completed;
    private Exception? _fault;

    /// <summary>Bytes written so far (the whole length once <see cref="IsCompleted"/>).</summary>
    public override long Length
    {
        get
        {
            lock (_lock)
            {
                return _published;
            }
        }
    }

    /// <summary>True once the renderer finished without error.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed && _fault is null;
            }
        }
    }

    /// <summary>True when the renderer failed.</summary>
    public bool IsFaulted
    {
        get
        {
            lock (_lock)
            {
                return _fault is not null;
            }
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_current is null || _currentLength == ChunkSize)
            {
                _current = new byte[ChunkSize];
                _currentLength = 0;
                lock (_lock)
                {
                    _chunks.Add(_current);
                }
            }

            var n = Math.Min(buffer.Length, ChunkSize - _currentLength);
            buffer[..n].CopyTo(_current.AsSpan(_currentLength));
            _currentLength += n;
            buffer = buffer[n..];
            if (_currentLength == ChunkSize && ++_unsignalled >= ChunksPerSignal)
            {
                Publish(completed: false, fault: null);
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Flush()
    {
        // Nothing to flush: readers see whole chunks (and the tail at completion).
    }

    /// <summary>Marks the body whole: readers send the tail and finish.</summary>
    public void Complete() => Publish(completed: true, fault: null);

    /// <summary>Marks the body failed: readers that have not started answer with an error, the others abort.</summary>
    public void Fail(Exception fault) => Publish(completed: true, fault: fault);

    /// <summary>
    /// Sends the body to the response of <paramref name="ctx"/> as it is rendered. The <c>Content-Length</c> is set when the body
    /// is already whole; otherwise the response is chunked.
    /// </summary>
    /// <exception cref="Exception">The renderer's failure, when nothing was sent yet (the caller answers 500).</exception>
    public async Task CopyTo(HttpContext ctx, CancellationToken cancel)
    {
        var response = ctx.Response;
        long sent = 0;
        while (true)
        {
            byte[][] chunks;
            long published;
            bool completed;
            Exception? fault;
            Task changed;
            lock (_lock)
            {
                (published, completed, fault, changed) = (_published, _completed, _fault, _changed.Task);
                var from = (int)(sent / ChunkSize);
                var to = (int)((published + ChunkSize - 1) / ChunkSize);
                chunks = _chunks.GetRange(from, to - from).ToArray();
            }

            if (fault is not null)
            {
                if (!response.HasStarted)
                {
                    throw new InvalidOperationException($"rendering the response failed: {fault.Message}", fault);
                }

                // Part of the body went out: cut the connection so the client cannot mistake it for a whole one.
                ctx.Abort();
                return;
            }

            if (completed && !response.HasStarted)
            {
                response.ContentLength = published;
            }

            if (HttpMethods.IsHead(ctx.Request.Method))
            {
                if (completed)
                {
                    return;
                }

                await changed.WaitAsync(cancel).ConfigureAwait(false);
                continue;
            }

            for (var i = 0; i < chunks.Length && sent < published; i++)
            {
                var offset = (int)(sent % ChunkSize);
                var count = (int)Math.Min(ChunkSize - offset, published - sent);
                await response.Body.WriteAsync(chunks[i].AsMemory(offset, count), cancel).ConfigureAwait(false);
                sent += count;
            }

            if (completed)
            {
                return;
            }

            await changed.WaitAsync(cancel).ConfigureAwait(false);
        }
    }

    private void Publish(bool completed, Exception? fault)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _published = ((long)Math.Max(_chunks.Count - 1, 0) * ChunkSize) + (_chunks.Count == 0 ? 0 : _currentLength);
            _completed = completed;
            _fault = fault;
            _unsignalled = 0;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }
}
