using System.Text.Json;

namespace Dept.Core.Snapshots;

/// <summary>
/// The second half of a report's dependency array, read on another thread while the caller reads the first (#12; see
/// <c>LeanDocumentReader.Dependencies</c>). It starts at a byte offset that a scan took for an element boundary; only
/// the caller, arriving there in order, can confirm it, so until then the result is a guess that may be thrown away.
/// Whoever comes first owns the work: a half the pool has not started by the time the caller needs it is read by the
/// caller itself, so a busy or one-thread pool never makes the read wait.
/// </summary>
internal sealed class DependencyHalf
{
    private const int Pending = 0, Running = 1, Claimed = 2;

    private readonly LeanDocumentReader _reader;
    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly ManualResetEventSlim _done = new();
    private int _state;
    private volatile bool _abandoned;

    public DependencyHalf(LeanDocumentReader reader, ReadOnlyMemory<byte> utf8, int start)
    {
        _reader = reader;
        _utf8 = utf8;
        Start = start;
    }

    /// <summary>Gets the offset the half starts at: just after the <c>}</c> of the element before it.</summary>
    public int Start { get; }

    /// <summary>Gets the elements read, once <see cref="TryJoin"/> returned true.</summary>
    public List<DeptDependencyInfo> Elements { get; private set; } = [];

    /// <summary>Gets the offset just after the array's <c>]</c>, once <see cref="TryJoin"/> returned true.</summary>
    public int End { get; private set; }

    /// <summary>Gets the reader's state just after the array's <c>]</c>, once <see cref="TryJoin"/> returned true.</summary>
    public JsonReaderState State { get; private set; }

    private Exception? Error { get; set; }

    /// <summary>Queues the half on the thread pool.</summary>
    public void Queue() => ThreadPool.UnsafeQueueUserWorkItem(static half => half.Run(), this, preferLocal: false);

    /// <summary>
    /// At the confirmed boundary: waits for the half if it is running and returns true with its result (or throws its
    /// error: the bytes after the boundary are bad); returns false when it never started, and the caller reads on.
    /// </summary>
    public bool TryJoin()
    {
        if (Interlocked.CompareExchange(ref _state, Claimed, Pending) == Pending)
        {
            return false;
        }

        _done.Wait();
        _done.Dispose();
        if (Error is { } error)
        {
            throw new JsonException("the dependencies after the split are not valid", error);
        }

        return true;
    }

    /// <summary>The boundary was not one (or the array ended first): the half's work, if any, is dropped.</summary>
    public void Abandon()
    {
        _abandoned = true;
        Interlocked.CompareExchange(ref _state, Claimed, Pending);
    }

    private void Run()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Pending) != Pending)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(_utf8.Span[Start..], isFinalBlock: true, LeanDocumentReader.AfterAnElement());
            var elements = new List<DeptDependencyInfo>();
            while (!_abandoned)
            {
                var peek = reader;
                peek.Read();
                if (peek.TokenType == JsonTokenType.EndArray)
                {
                    reader.Read();
                    (Elements, End, State) = (elements, Start + (int)reader.BytesConsumed, reader.CurrentState);
                    break;
                }

                elements.Add(_reader.ReadDependency(ref reader));
            }
        }
        catch (Exception ex)
        {
            Error = ex;
        }
        finally
        {
            _done.Set();
        }
    }
}
