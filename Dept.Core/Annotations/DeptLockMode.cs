namespace Dept.Core.Annotations;

/// <summary>How a lock is acquired; decides which event classes the acquire waits for and which it holds.</summary>
public enum DeptLockMode
{
    /// <summary>A mutex: waits for the release, holds the release event context.</summary>
    Exclusive,

    /// <summary>A recursive reader (DEPT <c>ldt_rlock(q=false)</c>): waits for writers only, holds the read release.</summary>
    Read,

    /// <summary>A fair/queued reader that can block behind a waiting writer: waits for readers and writers.</summary>
    QueuedRead,

    /// <summary>A writer: waits for readers and writers, holds the write release.</summary>
    Write,
}
