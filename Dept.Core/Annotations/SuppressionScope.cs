using Dept.Core.Tracking;

namespace Dept.Core.Annotations;

/// <summary>A scope in which nothing on the current thread is tracked. Dispose it on the thread that created it.</summary>
public readonly struct SuppressionScope : IDisposable
{
    private readonly DeptEngine? _engine;

    internal SuppressionScope(DeptEngine? engine)
    {
        _engine = engine;
        engine?.EnterSuppression();
    }

    /// <summary>Ends the scope.</summary>
    public void Dispose() => _engine?.ExitSuppression();
}
