namespace Dept.Core.Live;

/// <summary>What a runtime event says about one thread or task (#6). Names follow the runtime's events.</summary>
public enum LiveEventKind
{
    /// <summary>A thread blocked on a contended Monitor or <c>System.Threading.Lock</c> (ContentionStart v2).</summary>
    ContentionStart,

    /// <summary>The thread got the lock it was waiting for (ContentionStop; correlated by thread, it has no lock id).</summary>
    ContentionStop,

    /// <summary>A thread blocked in a wait-handle wait (WaitHandleWaitStart, .NET 9+): no owner is known.</summary>
    WaitHandleStart,

    /// <summary>The wait-handle wait ended (WaitHandleWaitStop).</summary>
    WaitHandleStop,

    /// <summary>A thread (synchronous) or a task (asynchronous) started waiting for a task (TplEventSource TaskWaitBegin).</summary>
    TaskWaitBegin,

    /// <summary>The task wait ended (TplEventSource TaskWaitEnd).</summary>
    TaskWaitEnd,

    /// <summary>A thread started running a task's body (TplEventSource TaskExecuteStart).</summary>
    TaskExecuteStart,

    /// <summary>The task's body returned (TplEventSource TaskExecuteStop).</summary>
    TaskExecuteStop,
}
