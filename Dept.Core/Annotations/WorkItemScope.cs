using Dept.Core.Tracking;

namespace Dept.Core.Annotations;

/// <summary>
/// A work item's context on the current thread (<see cref="DeptContext.EnterWorkItem"/>). Disposing it restores the
/// context the thread was in before. Dispose it on the thread that created it.
/// </summary>
public readonly struct WorkItemScope : IDisposable
{
    private readonly DeptEngine? _engine;
    private readonly int _enclosing;

    internal WorkItemScope(DeptEngine? engine)
    {
        _engine = engine;
        _enclosing = engine?.EnterWorkItem() ?? 0;
    }

    /// <summary>Ends the work item's context: the thread goes on in the context it was in before.</summary>
    public void Dispose() => _engine?.ExitContext(_enclosing);
}
