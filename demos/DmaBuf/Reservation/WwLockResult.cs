namespace DmaBuf.Reservation;

/// <summary>The result of a wound/wait lock attempt.</summary>
public enum WwLockResult
{
    /// <summary>The lock is now held.</summary>
    Acquired,

    /// <summary>This acquire context already holds it (<c>-EALREADY</c>: a duplicate in the list).</summary>
    AlreadyHeld,

    /// <summary>
    /// An older context holds it and this one is younger (<c>-EDEADLK</c>): unlock everything, take the contended
    /// lock with <c>LockSlow</c>, and retry.
    /// </summary>
    Deadlock,
}
