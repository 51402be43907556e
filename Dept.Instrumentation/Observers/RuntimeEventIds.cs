namespace Dept.Instrumentation.Observers;

/// <summary>Provider names, keywords and event ids the observers subscribe to (research/mechanisms.md E4) (#6).</summary>
public static class RuntimeEventIds
{
    /// <summary>The runtime's provider.</summary>
    public const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";

    /// <summary>The TPL's provider.</summary>
    public const string TplProvider = "System.Threading.Tasks.TplEventSource";

    /// <summary>ContentionKeyword: ContentionStart/Stop, raised only when a thread really blocks on a lock.</summary>
    public const long ContentionKeyword = 0x4000;

    /// <summary>WaitHandleKeyword (.NET 9+): WaitHandleWaitStart/Stop.</summary>
    public const long WaitHandleKeyword = 0x40000000000;

    /// <summary>TplEventSource Tasks keyword: TaskExecuteStart/Stop, TaskWaitBegin/End.</summary>
    public const long TasksKeyword = 0x2;

    /// <summary>TplEventSource TaskTransfer keyword.</summary>
    public const long TaskTransferKeyword = 0x1;

    internal const int ContentionStart = 81;
    internal const int ContentionStop = 91;
    internal const int WaitHandleWaitStart = 301;
    internal const int WaitHandleWaitStop = 302;
    internal const int TaskExecuteStart = 8;
    internal const int TaskExecuteStop = 9;
    internal const int TaskWaitBegin = 10;
    internal const int TaskWaitEnd = 11;

    /// <summary>TaskWaitBegin's Behavior value for a blocking wait (1 = Synchronous, 2 = Asynchronous).</summary>
    internal const int SynchronousBehavior = 1;

    /// <summary>WaitHandleWaitStart's WaitSource value for <c>Monitor.Wait</c>.</summary>
    internal const int MonitorWaitSource = 1;
}
