using System.Diagnostics.Tracing;
using Dept.Core.Live;

namespace Dept.Instrumentation.Observers;

/// <summary>Turns an in-process <see cref="EventWrittenEventArgs"/> into a <see cref="LiveEvent"/> (#6).</summary>
internal static class ListenerEventMapper
{
    public static bool TryMap(EventWrittenEventArgs e, out LiveEvent live)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(e.TimeStamp, DateTimeKind.Utc));
        var thread = e.OSThreadId;
        if (e.EventSource.Name == RuntimeEventIds.TplProvider)
        {
            live = MapTpl(e, thread, at);
            return live.Timestamp != default;
        }

        live = e.EventId switch
        {
            RuntimeEventIds.ContentionStart => LiveEvent.LockWait(
                thread, at, UInt64(e, "LockID"), UInt64(e, "AssociatedObjectID"), (long)UInt64(e, "LockOwnerThreadID")),
            RuntimeEventIds.ContentionStop => LiveEvent.LockAcquired(thread, at),
            RuntimeEventIds.WaitHandleWaitStart => LiveEvent.HandleWait(
                thread, at, UInt64(e, "WaitSource") == RuntimeEventIds.MonitorWaitSource, UInt64(e, "AssociatedObjectID")),
            RuntimeEventIds.WaitHandleWaitStop => LiveEvent.HandleWaitEnded(thread, at),
            _ => default,
        };

        return live.Timestamp != default;
    }

    private static LiveEvent MapTpl(EventWrittenEventArgs e, long thread, DateTimeOffset at) => e.EventId switch
    {
        RuntimeEventIds.TaskWaitBegin => LiveEvent.TaskWait(
            thread, at, (int)UInt64(e, "TaskID"), UInt64(e, "Behavior") == RuntimeEventIds.SynchronousBehavior,
            (int)UInt64(e, "ContinueWithTaskID")),
        RuntimeEventIds.TaskWaitEnd => LiveEvent.TaskWaitEnded(thread, at, (int)UInt64(e, "TaskID")),
        RuntimeEventIds.TaskExecuteStart => LiveEvent.TaskStarted(thread, at, (int)UInt64(e, "TaskID")),
        RuntimeEventIds.TaskExecuteStop => LiveEvent.TaskFinished(thread, at, (int)UInt64(e, "TaskID")),
        _ => default,
    };

    // Payload values arrive boxed as byte/ushort/uint/ulong/int or IntPtr depending on the field; missing fields
    // (an older event version) read as 0.
    private static ulong UInt64(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames?.IndexOf(name) ?? -1;
        if (index < 0 || e.Payload is null || index >= e.Payload.Count)
        {
            return 0;
        }

        return e.Payload[index] switch
        {
            nint p => (ulong)p,
            nuint p => p,
            ulong v => v,
            long v => unchecked((ulong)v),
            uint v => v,
            int v => unchecked((ulong)v),
            ushort v => v,
            short v => unchecked((ulong)v),
            byte v => v,
            Enum v => Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture),
            _ => 0,
        };
    }
}
