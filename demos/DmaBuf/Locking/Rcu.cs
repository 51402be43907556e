namespace DmaBuf.Locking;

/// <summary>
/// Read-copy-update, modelled explicitly (seed 000's lifetime rule): readers bracket every access to driver data
/// that may be freed (names, ops, an external lock) with <see cref="ReadLock"/>; a writer that unpublishes such data
/// calls <see cref="Synchronize"/> (<c>synchronize_rcu</c>), which returns only after every reader that started
/// before it has left its read section: the grace period. Only then may the data be freed.
/// </summary>
/// <remarks>
/// Thread-safe. Two reader counters alternate by phase; a grace period flips the phase and waits for the old
/// phase's readers to drain. Synchronizers are serialized, so each waits for all readers older than itself.
/// </remarks>
public sealed class Rcu
{
    [ThreadStatic]
    private static int t_depth;

    private readonly object _gate = new();
    private readonly object _writers = new();
    private readonly int[] _readers = new int[2];
    private int _phase;
    private long _gracePeriods;

    /// <summary>Gets how many grace periods have completed.</summary>
    public long GracePeriods => Interlocked.Read(ref _gracePeriods);

    /// <summary>Gets a value indicating whether the current thread is inside a read section (<c>rcu_read_lock_held</c>).</summary>
    public static bool IsReadLockHeld => t_depth > 0;

    /// <summary>Enters a read section (<c>rcu_read_lock</c>); dispose the scope to leave it.</summary>
    /// <returns>The scope.</returns>
    public RcuReadScope ReadLock()
    {
        int phase;
        lock (_gate)
        {
            phase = _phase;
            _readers[phase]++;
        }

        t_depth++;
        return new RcuReadScope(this, phase);
    }

    /// <summary>
    /// Waits for a grace period (<c>synchronize_rcu</c>): every read section that began before this call has ended
    /// when it returns. Must not be called inside a read section (it would wait for itself).
    /// </summary>
    /// <param name="patience">How long to wait before declaring the readers stuck.</param>
    /// <exception cref="InvalidOperationException">Called inside a read section.</exception>
    /// <exception cref="TimeoutException">A reader stayed in its section longer than <paramref name="patience"/>.</exception>
    public void Synchronize(TimeSpan? patience = null)
    {
        if (IsReadLockHeld)
        {
            throw new InvalidOperationException("synchronize_rcu() inside an RCU read section waits for itself.");
        }

        var deadline = Environment.TickCount64 + (long)(patience ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
        lock (_writers)
        {
            lock (_gate)
            {
                var old = _phase;
                _phase ^= 1;
                while (_readers[old] > 0)
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        throw new TimeoutException($"an RCU grace period did not end: {_readers[old]} reader(s) still in their read section.");
                    }

                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left));
                }
            }

            Interlocked.Increment(ref _gracePeriods);
        }
    }

    internal void ReadUnlock(int phase)
    {
        t_depth--;
        lock (_gate)
        {
            if (--_readers[phase] == 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }
}
