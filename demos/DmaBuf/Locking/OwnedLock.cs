namespace DmaBuf.Locking;

/// <summary>
/// The non-recursive, owner-tracked lock behind <see cref="KernelMutex"/> and <see cref="KernelSpinLock"/>.
/// A kernel lock taken twice by its holder hangs the task; the model throws instead, so a test never hangs.
/// </summary>
/// <remarks>
/// Built from <see cref="Interlocked"/> and <see cref="SpinWait"/> (which spins, yields, then sleeps) rather than
/// a BCL lock on purpose: Dept sees this lock through the model's own patch declarations
/// (<c>DmaBuf.Dept</c>); a BCL lock inside would be tracked a second time, as one class shared by every instance.
/// </remarks>
internal sealed class OwnedLock(string kind, string className)
{
    private Thread? _owner;

    public bool IsHeldByCurrentThread => ReferenceEquals(Volatile.Read(ref _owner), Thread.CurrentThread);

    public bool IsLocked => Volatile.Read(ref _owner) is not null;

    public void Enter()
    {
        var me = Thread.CurrentThread;
        if (ReferenceEquals(Volatile.Read(ref _owner), me))
        {
            throw new LockRecursionException(
                $"Self-deadlock: this thread already holds {kind} '{className}' and a kernel {kind} is not recursive.");
        }

        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _owner, me, null) is not null)
        {
            spin.SpinOnce();
        }
    }

    public bool TryEnter() => Interlocked.CompareExchange(ref _owner, Thread.CurrentThread, null) is null;

    public void Exit()
    {
        if (Interlocked.CompareExchange(ref _owner, null, Thread.CurrentThread) != Thread.CurrentThread)
        {
            throw new SynchronizationLockException($"{kind} '{className}' is not held by this thread.");
        }
    }
}
