namespace Dept.Core.Live;

/// <summary>
/// What one thread is blocked on, in three slots because the runtime nests them: a contended lock raises an inner
/// wait-handle wait, and <c>Task.Wait</c> raises an inner Monitor wait. Each slot remembers the timestamp of the last
/// event applied to it, so late or duplicated events (EventPipe session hand-over) cannot undo newer ones.
/// </summary>
internal sealed class LiveThreadState
{
    public LiveWait? Lock;
    public LiveWait? Handle;
    public LiveWait? Task;
    public DateTimeOffset LockSeen;
    public DateTimeOffset HandleSeen;
    public DateTimeOffset TaskSeen;

    /// <summary>The wait that explains why the thread is stuck: the innermost one with a known target first.</summary>
    public LiveWait? Primary => Lock ?? Task ?? Handle;

    public bool IsIdle => Lock is null && Handle is null && Task is null;
}
