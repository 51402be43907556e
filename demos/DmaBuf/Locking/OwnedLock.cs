namespace DmaBuf.Locking;

/// <summary>
/// The non-recursive, owner-tracked lock behind <see cref="KernelMutex"/> and <see cref="KernelSpinLock"/>.
/// A kernel lock taken twice by its holder hangs the task; the model throws instead, so a test never hangs.
/// </summary>
internal sealed class OwnedLock(string kind, string className)
{
    private readonly Lock _lock = new();
    private Thread? _owner;

    public bool IsHeldByCurrentThread => ReferenceEquals(Volatile.Read(ref _owner), Thread.CurrentThread);

    public bool IsLocked => Volatile.Read(ref _owner) is not null;

    public void Enter()
    {
        if (IsHeldByCurrentThread)
        {
            throw new LockRecursionException(
                $"Self-deadlock: this thread already holds {kind} '{className}' and a kernel {kind} is not recursive.");
        }

        _lock.Enter();
        Volatile.Write(ref _owner, Thread.CurrentThread);
    }

    public bool TryEnter()
    {
        if (IsHeldByCurrentThread || !_lock.TryEnter())
        {
            return false;
        }

        Volatile.Write(ref _owner, Thread.CurrentThread);
        return true;
    }

    public void Exit()
    {
        if (!IsHeldByCurrentThread)
        {
            throw new SynchronizationLockException($"{kind} '{className}' is not held by this thread.");
        }

        Volatile.Write(ref _owner, null);
        _lock.Exit();
    }
}
