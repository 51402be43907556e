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
    /// <param name="instance">The lock instance; matched by reference on <see cref="Release(object, DeptSite?)"/>.</param>
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

    /// <summary>
    /// <see cref="Acquire(DeptKey, object, DeptSite?, DeptLockMode, DeptLockFlags, int, int)"/> for a patch that
    /// declares <c>ref DeptThreadSlot __context</c>: the thread's tracking state is found once per rewritten method
    /// invocation instead of once per call (see docs/reference/patch-declarations.md).
    /// </summary>
    public static void Acquire(DeptKey key, object instance, DeptSite? site, ref DeptThreadSlot context, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0)
        => DeptRuntime.Current?.Acquire(key, instance, site, ref context, mode, flags, subclass, nest);

    /// <summary><see cref="Release(object, DeptSite?)"/> with the patch's <c>__context</c> slot.</summary>
    public static void Release(object instance, DeptSite? site, ref DeptThreadSlot context)
        => DeptRuntime.Current?.Release(instance, site, ref context);

    /// <summary>
    /// Records an acquire of an async lock by the current logical flow (its <see cref="ExecutionContext"/>), not by the
    /// thread: the wait, then an event context that travels with the flow across <c>await</c>s and thread hops until
    /// <see cref="ReleaseFlow"/>. Call it where the flow starts acquiring (e.g. before <c>WaitAsync</c>); it changes the
    /// caller's <see cref="ExecutionContext"/>, so call it from the acquiring method itself, not from an async helper.
    /// </summary>
    /// <param name="key">The lock's class key.</param>
    /// <param name="instance">The lock instance; matched by reference on <see cref="ReleaseFlow"/>.</param>
    /// <param name="site">Where the acquire is called.</param>
    /// <param name="mode">Exclusive, read or write.</param>
    /// <param name="flags">Try, timeout, <see cref="DeptLockFlags.MaybeSignal"/>.</param>
    /// <param name="subclass">The user subclass.</param>
    /// <param name="nest">A local nesting subclass.</param>
    /// <param name="acquired">For an asynchronous acquire, its task: the event context ends if it fails, is cancelled or returns false.</param>
    public static void AcquireFlow(DeptKey key, object instance, DeptSite? site = null, DeptLockMode mode = DeptLockMode.Exclusive,
        DeptLockFlags flags = DeptLockFlags.None, int subclass = 0, int nest = 0, Task? acquired = null)
        => DeptRuntime.Current?.AcquireFlow(key, instance, site, mode, flags, subclass, nest, acquired);

    /// <summary>Records the release of an async lock acquired with <see cref="AcquireFlow"/>, in whichever flow it runs.</summary>
    /// <returns>Whether the current flow held it, another flow did, or none (see <see cref="DeptFlowRelease"/>).</returns>
    public static DeptFlowRelease ReleaseFlow(object instance, DeptSite? site = null)
        => DeptRuntime.Current?.ReleaseFlow(instance, site) ?? DeptFlowRelease.NotTracked;

    /// <summary>Turns a held write event context of <paramref name="instance"/> into a read one (DEPT <c>ldt_downgrade</c>).</summary>
    public static void Downgrade(object instance) => DeptRuntime.Current?.Downgrade(instance);
}
