namespace Dept.Core.Live;

/// <summary>Why a graph node cannot make progress (#6).</summary>
public enum LiveWaitKind
{
    /// <summary>A thread blocked on a contended Monitor or <c>System.Threading.Lock</c>; the target is the owner thread.</summary>
    Lock,

    /// <summary>A thread blocked in a wait-handle wait (event, semaphore, join...): nobody is known to signal it.</summary>
    WaitHandle,

    /// <summary>A thread blocked in <c>Monitor.Wait</c>: nobody is known to pulse it.</summary>
    MonitorWait,

    /// <summary>A thread blocked on a task (<c>Task.Wait</c>, <c>.Result</c>); the target is the task.</summary>
    TaskWait,

    /// <summary>A task suspended at an <c>await</c>; the target is the awaited task.</summary>
    TaskAwait,

    /// <summary>A task cannot complete before the thread running its body returns; the target is that thread.</summary>
    TaskRunning,
}
