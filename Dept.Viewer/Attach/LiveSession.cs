using Dept.Core.Live;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Dept.Viewer.Attach;

/// <summary>One EventPipe session and the thread that reads it into the tracker (#6).</summary>
internal sealed class LiveSession : IDisposable
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Thread _reader;
    private Exception? _failure;

    private LiveSession(EventPipeSession session, LiveDeadlockTracker tracker)
    {
        _session = session;
        _source = new EventPipeEventSource(session.EventStream);
        TraceEventMapper.Subscribe(_source, tracker);
        _reader = new Thread(Read) { IsBackground = true, Name = "dept attach reader" };
        _reader.Start();
    }

    /// <summary>The stream ended (session stopped, or the target exited).</summary>
    public bool Ended => !_reader.IsAlive;

    /// <summary>Why reading failed, if it did.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Events the runtime dropped in this session (its buffers overflowed).</summary>
    public int EventsLost => _source.EventsLost;

    public static LiveSession Open(DiagnosticsClient client, IReadOnlyList<EventPipeProvider> providers, LiveDeadlockTracker tracker)
    {
        var session = client.StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 64);
        try
        {
            return new LiveSession(session, tracker);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops the session: the runtime flushes what it buffered and writes a final sequence point, which makes
    /// TraceEvent dispatch every event it was still holding for ordering. Waits (bounded) for the reader.
    /// </summary>
    public void Stop(TimeSpan bound)
    {
        try
        {
            _session.Stop();
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or ServerErrorException or IOException or TimeoutException or ObjectDisposedException)
        {
            // The target is gone or already stopped the session; the stream ends by itself.
        }

        _reader.Join(bound);
    }

    public void Dispose()
    {
        _source.Dispose();
        _session.Dispose();
    }

    private void Read()
    {
        try
        {
            _source.Process();
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _failure, ex);
        }
    }
}
