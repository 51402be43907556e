using Dept.Core.Tracking;

namespace Dept.Core.Annotations;

/// <summary>
/// The lock tracker (DEPT's <c>dept_ldt.h</c>): annotations for authors of lock-like primitives, forwarding to the
/// process-wide engine (<see cref="DeptRuntime.Current"/>). A lock acquire is a wait for the release followed by
/// entering the release's event context; the release exits it.
/// </summary>
/// <remarks>Thread-safe. When no engine runs, each call costs one null check. Never throws.</remarks>
public static class DeptLdt
{
    /// <summary>Records a blocking acquire: the wait, then the event-context enter. Call it before really acquiring,
    /// so a real deadlock is reported before it hangs.</summary>
    /// <param name="key">The lock's class key.</param>
    /// <param name="instance">The lock instance; matched by reference on <see cref="Release"/>.</param>
    /// <param name="site">Where the acquire is called.</param>
    /// <param name="mode">Exclusive, read or write.</param>
    /// <param name="flags">Try, reentrant, timeout.</param>
    /// <param name="subclass">The user subclass (part of the class identity).</param>
    /// <param name="nest">A local nesting subclass (<c>lock_nested</c>): nested same-class acquires with different values make no edge.</param>
    public static void Acquire(DeptKey key, object instance, DeptSite? site = null, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0)
        => DeptRuntime.Current?.Acquire(key, instance, site, mode, flags, subclass, nest);

    /// <summary>Records only the wait of an acquire that may block (call before a timed or try acquire).</summary>
    public static void AcquireWait(DeptKey key, object instance, DeptSite? site = null, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0)
        => DeptRuntime.Current?.AcquireWait(key, instance, site, mode, flags, subclass, nest);

    /// <summary>Records only the event-context enter of an acquire that succeeded (after a try or timed acquire).</summary>
    public static void Acquired(DeptKey key, object instance, DeptSite? site = null, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0)
        => DeptRuntime.Current?.Acquired(key, instance, site, mode, flags, subclass, nest);

    /// <summary>Records a release: exits the newest event context of <paramref name="instance"/>.</summary>
    public static void Release(object instance, DeptSite? site = null) => DeptRuntime.Current?.Release(instance, site);

    /// <summary>Turns a held write event context of <paramref name="instance"/> into a read one (DEPT <c>ldt_downgrade</c>).</summary>
    public static void Downgrade(object instance) => DeptRuntime.Current?.Downgrade(instance);
}
