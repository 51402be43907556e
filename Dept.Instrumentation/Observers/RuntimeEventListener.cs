using System.Diagnostics.Tracing;
using Dept.Core.Live;

namespace Dept.Instrumentation.Observers;

/// <summary>
/// The in-process <see cref="EventListener"/> on the runtime's contention and wait-handle events (and optionally
/// the TPL's task events) that feeds a <see cref="LiveDeadlockTracker"/> (#6).
/// </summary>
/// <remarks>
/// Runtime events arrive on one dispatcher thread about 10 ms late; TPL events arrive synchronously on the thread
/// that raised them. Either way <see cref="OnEventWritten"/> only maps and posts (lock-free, allocation-free apart
/// from the runtime's own event args): it never blocks and never throws.
/// </remarks>
internal sealed class RuntimeEventListener : EventListener
{
    // The base constructor replays the sources that already exist, before Attach() has set _tracker; field
    // initializers run before the base constructor, so _early exists by then and keeps those sources for Attach().
    private readonly List<EventSource> _early = [];
    private LiveDeadlockTracker? _tracker;
    private bool _observeTasks;
    private long _mappingFailures;

    public long MappingFailures => Interlocked.Read(ref _mappingFailures);

    public void Attach(LiveDeadlockTracker tracker, bool observeTasks)
    {
        _observeTasks = observeTasks;
        List<EventSource> early;
        lock (_early)
        {
            _tracker = tracker;
            early = [.. _early];
            _early.Clear();
        }

        early.ForEach(Enable);
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        lock (_early)
        {
            if (_tracker is null)
            {
                _early.Add(eventSource);
                return;
            }
        }

        Enable(eventSource);
    }

    private void Enable(EventSource source)
    {
        if (source.Name == RuntimeEventIds.RuntimeProvider)
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)(RuntimeEventIds.ContentionKeyword | RuntimeEventIds.WaitHandleKeyword));
        }
        else if (_observeTasks && source.Name == RuntimeEventIds.TplProvider)
        {
            EnableEvents(source, EventLevel.Informational, (EventKeywords)(RuntimeEventIds.TasksKeyword | RuntimeEventIds.TaskTransferKeyword));
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        try
        {
            if (_tracker is { } tracker && ListenerEventMapper.TryMap(eventData, out var live))
            {
                tracker.Post(live);
            }
        }
        catch (Exception)
        {
            // Never throw on the runtime's dispatcher thread (or into user code for TPL events).
            Interlocked.Increment(ref _mappingFailures);
        }
    }
}
