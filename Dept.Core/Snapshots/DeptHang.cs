namespace Dept.Core.Snapshots;

/// <summary>A wait that has lasted longer than a threshold without forming a cycle (live attach).</summary>
public sealed record DeptHang
{
    /// <summary>Gets the waiting thread, e.g. <c>OS thread 4711</c>.</summary>
    public required string Thread { get; init; }

    /// <summary>Gets what it waits on, e.g. <c>Monitor lock 0x5561...</c> or <c>task 42</c>.</summary>
    public required string WaitingOn { get; init; }

    /// <summary>Gets the thread that owns what it waits on, when known.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets how long it had waited when last seen.</summary>
    public TimeSpan Waited { get; init; }

    /// <summary>Gets the waiting thread's stack, when a snapshot was taken.</summary>
    public IReadOnlyList<string> Stack { get; init; } = [];
}
