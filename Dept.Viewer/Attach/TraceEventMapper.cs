using Dept.Core.Live;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Microsoft.Diagnostics.Tracing.Parsers.Tpl;

namespace Dept.Viewer.Attach;

/// <summary>
/// Subscribes a <see cref="LiveDeadlockTracker"/> to one EventPipe stream (#6). Typed subscriptions through
/// <c>source.Clr</c> register the CLR parser: with only <c>AllEvents</c>, every event arrives as an unnamed
/// <c>EventID(81)</c> without payload names (research/mechanisms.md E4).
/// </summary>
internal static class TraceEventMapper
{
    // WaitHandleWaitStart's WaitSource for Monitor.Wait (0 is any other wait).
    private const int MonitorWaitSource = 1;

    public static void Subscribe(EventPipeEventSource source, LiveDeadlockTracker tracker)
    {
        var clr = source.Clr;
        clr.ContentionStart += d => tracker.Post(LiveEvent.LockWait(
            d.ThreadID, At(d), (ulong)d.LockID, (ulong)d.AssociatedObjectID, (long)d.LockOwnerThreadID));
        clr.ContentionStop += d => tracker.Post(LiveEvent.LockAcquired(d.ThreadID, At(d)));
        clr.WaitHandleWaitStart += d => tracker.Post(LiveEvent.HandleWait(
            d.ThreadID, At(d), (int)d.WaitSource == MonitorWaitSource, (ulong)d.AssociatedObjectID));
        clr.WaitHandleWaitStop += d => tracker.Post(LiveEvent.HandleWaitEnded(d.ThreadID, At(d)));

        var tpl = new TplEtwProviderTraceEventParser(source);
        tpl.TaskWaitSend += d => tracker.Post(LiveEvent.TaskWait(
            d.ThreadID, At(d), d.TaskID, d.Behavior == TaskWaitBehavior.Synchronous, d.ContinueWithTaskID));
        tpl.TaskWaitStop += d => tracker.Post(LiveEvent.TaskWaitEnded(d.ThreadID, At(d), d.TaskID));
        tpl.TaskExecuteStart += d => tracker.Post(LiveEvent.TaskStarted(d.ThreadID, At(d), d.TaskID));
        tpl.TaskExecuteStop += d => tracker.Post(LiveEvent.TaskFinished(d.ThreadID, At(d), d.TaskID));
    }

    private static DateTimeOffset At(TraceEvent e) => new(e.TimeStamp.ToUniversalTime());
}
