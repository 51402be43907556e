using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Dept.Core.Annotations;

/// <summary>
/// A class key (DEPT's <c>struct dept_key</c>): the identity of a family of classes. One key yields up to
/// <see cref="MaxSubclasses"/> classes: <see cref="MaxUserSubclasses"/> user subclasses for each of three event
/// types (exclusive release, read release, custom event), exactly as DEPT splits <c>sub_id</c>.
/// Keys are normally static per primitive declaration site, as in lockdep.
/// </summary>
/// <remarks>Thread-safe. Keys live for the process; create them once.</remarks>
public sealed class DeptKey
{
    /// <summary>User subclasses per event type (DEPT's <c>DEPT_MAX_SUBCLASSES_USR</c>).</summary>
    public const int MaxUserSubclasses = 8;

    /// <summary>Event types per key (DEPT's <c>DEPT_MAX_SUBCLASSES_EVT</c>).</summary>
    public const int EventTypes = 3;

    /// <summary>Classes per key (DEPT's <c>DEPT_MAX_SUBCLASSES</c>).</summary>
    public const int MaxSubclasses = MaxUserSubclasses * EventTypes;

    private static readonly ConcurrentDictionary<string, DeptKey> s_named = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<object, DeptKey> s_byObject = new();

    // The interned keys last returned by Named, by the identity of the name string: a patch that names its class with
    // the same string object every time (a constant, or a name stored on the instance) resolves it with one reference
    // compare instead of hashing the string (~10 ns per new instance in the dma-buf fence cycle). Written racily;
    // an entry is a key whose Name is exactly the string it was interned under, so a hit can never be wrong.
    private static readonly DeptKey?[] s_recentNamed = new DeptKey?[64];

    // Per-subclass cache of "engine id << 32 | class id": the hot path resolves a class with one read instead of a
    // hash lookup (DEPT's map class cache). Subclass 0 (nearly every lock) is a field of the key itself, so it costs
    // no second object; the others are allocated on first use. Written racily; a stale or foreign value only costs
    // a slow-path lookup.
    internal long ClassCache0;
    internal long[]? ClassCacheRest;

    /// <summary>Creates a key with its own identity, even if another key has the same name.</summary>
    /// <param name="name">The readable class name, e.g. <c>Orders.Account._sync</c>.</param>
    /// <param name="isCallSite">Whether the key stands for a call site rather than an object (DEPT's <c>&lt;sched&gt;</c>).</param>
    public DeptKey(string name, bool isCallSite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        IsCallSite = isCallSite;
    }

    /// <summary>Gets the readable class name.</summary>
    public string Name { get; }

    /// <summary>Gets whether this key classifies by call site (shown as <c>&lt;site&gt;</c> in dumps).</summary>
    public bool IsCallSite { get; }

    /// <summary>Returns the one key with this name (interned), so separately compiled call sites share a class.</summary>
    public static DeptKey Named(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ref var recent = ref s_recentNamed[RuntimeHelpers.GetHashCode(name) & (s_recentNamed.Length - 1)];
        if (recent is { } hit && ReferenceEquals(hit.Name, name))
        {
            return hit;
        }

        var key = s_named.GetOrAdd(name, static n => new DeptKey(n));
        if (ReferenceEquals(key.Name, name))
        {
            recent = key;
        }

        return key;
    }

    /// <summary>Returns the key of a call site, <c>function@File.cs:41</c>, interned per file and line.</summary>
    public static DeptKey ForCallSite(string function, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        var name = $"{function}@{Path.GetFileName(file)}:{line}";
        return s_named.GetOrAdd(name, static n => new DeptKey(n, isCallSite: true));
    }

    /// <summary>
    /// Returns the key owned by <paramref name="owner"/> (created on first use, collected with it): a class per
    /// object, e.g. for a primitive whose instances must never share a class. Named after the owner's type unless
    /// <paramref name="name"/> is given.
    /// </summary>
    public static DeptKey ForObject(object owner, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return s_byObject.GetValue(owner, o => new DeptKey(name ?? $"{o.GetType().FullName}#{RuntimeHelpers.GetHashCode(o):x8}"));
    }

    /// <summary>Returns the interned call-site key with an already formatted name (used when importing documents).</summary>
    public static DeptKey ForCallSiteName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return s_named.GetOrAdd(name, static n => new DeptKey(n, isCallSite: true));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
