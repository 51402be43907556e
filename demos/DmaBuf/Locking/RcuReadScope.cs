namespace DmaBuf.Locking;

/// <summary>An RCU read section (<c>rcu_read_lock</c> ... <c>rcu_read_unlock</c>); dispose it once, on the thread that entered it.</summary>
public readonly struct RcuReadScope : IDisposable, IEquatable<RcuReadScope>
{
    private readonly Rcu? _rcu;
    private readonly int _phase;

    internal RcuReadScope(Rcu rcu, int phase)
    {
        _rcu = rcu;
        _phase = phase;
    }

    /// <summary>Leaves the read section (<c>rcu_read_unlock</c>).</summary>
    public void Dispose() => _rcu?.ReadUnlock(_phase);

    /// <inheritdoc/>
    public bool Equals(RcuReadScope other) => ReferenceEquals(_rcu, other._rcu) && _phase == other._phase;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RcuReadScope other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_rcu, _phase);

    /// <summary>Compares two scopes.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are the same scope.</returns>
    public static bool operator ==(RcuReadScope left, RcuReadScope right) => left.Equals(right);

    /// <summary>Compares two scopes.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(RcuReadScope left, RcuReadScope right) => !left.Equals(right);
}
