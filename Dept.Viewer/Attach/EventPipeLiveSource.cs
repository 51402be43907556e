using System.Diagnostics.Tracing;
using Dept.Core.Live;
using Dept.Instrumentation.Observers;
using Microsoft.Diagnostics.NETCore.Client;

namespace Dept.Viewer.Attach;

/// <summary>
/// Feeds a tracker from another process through EventPipe (#6), rotating sessions every flush interval.
/// </summary>
/// <remarks>
/// Why rotate: TraceEvent holds each thread's events back until the runtime writes a sequence point, so it can
/// sort them across threads, and the runtime writes one only every 10 MB of buffers or when a session stops.
/// Measured here: the second thread of an AB-BA deadlock was delivered only when the session stopped, seconds
/// later. So a new session is opened, then the previous one stopped, which flushes it. The two overlap, so
/// some events arrive twice or out of order; the tracker ignores stale and duplicate events by timestamp.
/// </remarks>
internal sealed class EventPipeLiveSource : IDisposable
{
    private static readonly EventPipeProvider[] s_providers =
    [
        new(RuntimeEventIds.RuntimeProvider, EventLevel.Verbose, RuntimeEventIds.ContentionKeyword | RuntimeEventIds.WaitHandleKeyword),
        new(RuntimeEventIds.TplProvider, EventLevel.Informational, RuntimeEventIds.TasksKeyword | RuntimeEventIds.TaskTransferKeyword),
    ];

    private readonly DiagnosticsClient _client;
    private readonly LiveDeadlockTracker _tracker;
    private readonly TimeSpan _flushInterval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _rotator;
    private LiveSession _current;
    private Exception? _failure;

    private EventPipeLiveSource(DiagnosticsClient client, LiveDeadlockTracker tracker, TimeSpan flushInterval)
    {
        _client = client;
        _tracker = tracker;
        _flushInterval = flushInterval;
        _current = LiveSession.Open(client, s_providers, tracker);
        _rotator = new Thread(Rotate) { IsBackground = true, Name = "dept attach rotator" };
        _rotator.Start();
    }

    /// <summary>Why the source stopped by itself (the target exited or refused a session), if it did.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Connects to <paramref name="processId"/> and starts the first session.</summary>
    /// <exception cref="ServerNotAvailableException">The process has no diagnostics socket (not .NET, or disabled).</exception>
    public static EventPipeLiveSource Start(int processId, LiveDeadlockTracker tracker, TimeSpan flushInterval) =>
        new(new DiagnosticsClient(processId), tracker, flushInterval);

    public void Dispose()
    {
        _stop.Cancel();
        _rotator.Join(TimeSpan.FromSeconds(10));
        _current.Stop(TimeSpan.FromSeconds(5));
        _tracker.ReportLostEvents(_current.EventsLost);
        _current.Dispose();
        _stop.Dispose();
    }

    private void Rotate()
    {
        while (!_stop.Token.WaitHandle.WaitOne(_flushInterval))
        {
            LiveSession next;
            try
            {
                next = LiveSession.Open(_client, s_providers, _tracker);
            }
            catch (Exception ex)
            {
                // Usually the target exited; the caller sees Failure and ends the attach with a clean message.
                Volatile.Write(ref _failure, ex);
                return;
            }

            var previous = _current;
            _current = next;
            previous.Stop(TimeSpan.FromSeconds(5));
            _tracker.ReportLostEvents(previous.EventsLost);
            previous.Dispose();
        }
    }
}
