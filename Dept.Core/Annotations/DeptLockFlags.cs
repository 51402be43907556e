namespace Dept.Core.Annotations;

/// <summary>Modifiers of a lock acquire.</summary>
[Flags]
public enum DeptLockFlags
{
    /// <summary>A plain blocking acquire.</summary>
    None = 0,

    /// <summary>A try-acquire: enters the event context without a wait (it cannot block).</summary>
    Try = 1,

    /// <summary>The primitive is reentrant: re-acquiring an instance this context holds is not a wait.</summary>
    Reentrant = 2,

    /// <summary>The wait is bounded by a timeout (a cycle through it is not a deadlock).</summary>
    Timeout = 4,

    /// <summary>
    /// The primitive may be a lock or a signal (a binary semaphore): its class is a lock only once a flow releases
    /// what it acquired; a release by another flow makes the class a signal, and the dependencies seen before are
    /// dropped, not reported (<see cref="DeptLdt.AcquireFlow"/>).
    /// </summary>
    MaybeSignal = 8,
}
