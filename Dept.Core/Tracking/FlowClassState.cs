namespace Dept.Core.Tracking;

/// <summary>
/// What a class of a primitive that may be a lock or a signal (a binary semaphore) turned out to be. It starts
/// unknown: dependencies out of (or into) it are kept aside. The first release by the flow that acquired an
/// instance makes the class a lock and records them; the first release by another flow (the signal pattern) makes
/// it a signal for good and drops them, so a signal is never mistaken for a held lock.
/// </summary>
/// <remarks>Thread-safe: the mode only moves forward (unknown to lock or signal), under the state's own lock.</remarks>
internal sealed class FlowClassState
{
    public const int MaxDeferred = 64;

    private readonly object _gate = new();
    private List<(DependencyDraft Draft, FlowClassState? Other)>? _deferred = [];
    private volatile int _mode;

    public FlowClassState(int classId) => ClassId = classId;

    public int ClassId { get; }

    public bool IsSignal => _mode == 2;

    public bool IsLock => _mode == 1;

    public bool IsUnknown => _mode == 0;

    /// <summary>Keeps a dependency until the class is known; false when it is known already (record it now, or drop it).</summary>
    public bool TryDefer(in DependencyDraft draft, FlowClassState? other)
    {
        lock (_gate)
        {
            if (_mode != 0)
            {
                return false;
            }

            var (from, to) = (draft.From, draft.To);
            if (_deferred!.Count < MaxDeferred && !_deferred.Exists(d => d.Draft.From == from && d.Draft.To == to))
            {
                _deferred.Add((draft, other));
            }

            return true;
        }
    }

    /// <summary>Makes the class a lock; returns the dependencies kept aside (empty when it already was known).</summary>
    public List<(DependencyDraft Draft, FlowClassState? Other)> Confirm()
    {
        lock (_gate)
        {
            if (_mode != 0)
            {
                return [];
            }

            var deferred = _deferred!;
            _deferred = null;
            _mode = 1;
            return deferred;
        }
    }

    /// <summary>Makes the class a signal for good (a lock class stays a lock: it already proved its ownership).</summary>
    public bool Demote()
    {
        lock (_gate)
        {
            if (_mode != 0)
            {
                return false;
            }

            _deferred = null;
            _mode = 2;
            return true;
        }
    }
}
