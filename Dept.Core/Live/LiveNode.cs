namespace Dept.Core.Live;

/// <summary>A vertex of the live wait-for graph: an OS thread or a task (#6).</summary>
/// <param name="IsTask">True for a task (id = <c>Task.Id</c>), false for a thread (id = OS thread id).</param>
/// <param name="Id">The OS thread id or the task id.</param>
public readonly record struct LiveNode(bool IsTask, long Id)
{
    /// <summary>The thread with this OS id.</summary>
    public static LiveNode Thread(long osThreadId) => new(false, osThreadId);

    /// <summary>The task with this id.</summary>
    public static LiveNode Task(long taskId) => new(true, taskId);

    /// <summary>"thread 1234" or "task 7".</summary>
    public override string ToString() => IsTask ? $"task {Id}" : $"thread {Id}";
}
