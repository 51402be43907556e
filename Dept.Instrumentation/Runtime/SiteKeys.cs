using System.Runtime.CompilerServices;
using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Turns a rewritten call site into the class key of the lock or wait it performs. A site is a static object with a
/// process-unique <see cref="DeptSite.Id"/>, so its key is computed once and kept in an array indexed by that id:
/// the lock hot path does one bounds-checked array read, no hashing and no allocation.
/// </summary>
/// <remarks>Thread-safe: the arrays are replaced, never resized in place; a racing reader sees an older array and takes the slow path.</remarks>
internal static class SiteKeys
{
    private static readonly object s_gate = new();
    private static readonly DeptKey s_unknownSite = DeptKey.ForCallSiteName("(unknown site)");
    private static readonly DeptKey s_unknownCondition = DeptKey.ForCallSiteName("(unknown site) (condition)");
    private static DeptKey?[] s_keys = new DeptKey?[256];
    private static DeptKey?[] s_conditionKeys = new DeptKey?[16];
    private static DeptKey?[] s_creationKeys = new DeptKey?[16];

    /// <summary>Gets the class key of the lock acquired or the completion awaited at <paramref name="site"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DeptKey For(DeptSite? site)
    {
        if (site is null)
        {
            return s_unknownSite;
        }

        var keys = s_keys;
        var id = site.Id;
        return (uint)id < (uint)keys.Length && keys[id] is { } key ? key : Create(ref s_keys, site, ClassNames.KeyFor(site, condition: false), lockKey: true);
    }

    /// <summary>
    /// Gets the class key of a condition wait at <paramref name="site"/> (<c>Monitor.Wait</c>): distinct from the
    /// site's lock class, because the same site also re-acquires the lock.
    /// </summary>
    /// <summary>
    /// The key of a lock call site for the inlined lock path: the site's bound key (one field read), created the first
    /// time. Never throws (the lock path has no handler of its own): a failure reports once and classes the site
    /// as unknown.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DeptKey LockKeyOf(DeptSite site) => site.LockKey ?? BindLockKey(site);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DeptKey BindLockKey(DeptSite site)
    {
        try
        {
            return For(site);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return s_unknownSite;
        }
    }

    public static DeptKey Condition(DeptSite? site)
    {
        if (site is null)
        {
            return s_unknownCondition;
        }

        var keys = s_conditionKeys;
        var id = site.Id;
        return (uint)id < (uint)keys.Length && keys[id] is { } key ? key : Create(ref s_conditionKeys, site, ClassNames.KeyFor(site, condition: true), lockKey: false);
    }

    /// <summary>
    /// Gets the class of the completion of what is created at <paramref name="site"/> (a thread's exit, a task's
    /// completion): the creation site, never a receiver field (<c>Thread@Jobs.cs:12</c>, <c>Task.Run@Jobs.cs:20</c>).
    /// </summary>
    public static DeptKey Creation(DeptSite? site)
    {
        if (site is null)
        {
            return s_unknownSite;
        }

        var keys = s_creationKeys;
        var id = site.Id;
        return (uint)id < (uint)keys.Length && keys[id] is { } key ? key : Create(ref s_creationKeys, site, ClassNames.CreationKeyFor(site), lockKey: false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    // lockKey: the table is the lock classes', whose key the site also keeps for the inlined lock path.
    private static DeptKey Create(ref DeptKey?[] table, DeptSite site, DeptKey key, bool lockKey)
    {
        lock (s_gate)
        {
            var keys = table;
            if ((uint)site.Id >= (uint)keys.Length)
            {
                var grown = new DeptKey?[Math.Max(keys.Length * 2, site.Id + 1)];
                Array.Copy(keys, grown, keys.Length);
                keys = grown;
            }

            keys[site.Id] ??= key;
            Volatile.Write(ref table, keys);
            if (lockKey)
            {
                site.LockKey ??= keys[site.Id];
            }

            return keys[site.Id]!;
        }
    }
}
