namespace Dept.Core.Graph;

/// <summary>
/// Hashes a packed <c>(a &lt;&lt; 32) | b</c> key with a full 64-bit mix. <c>long</c>'s own hash is <c>a ^ b</c>:
/// close ids collide (every edge of a chain <c>i -&gt; i + 1</c> hashes to a handful of values), which made the
/// engine's edge records a linear scan on large graphs.
/// </summary>
internal sealed class MixedKeyComparer : IEqualityComparer<long>
{
    public static readonly MixedKeyComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long obj) => (int)EdgeSet.Mix(obj);
}
