using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Kernel <see cref="Semaphore"/>s created with a maximum count of 1 and one free slot (#9): async-lock semantics, as
/// for a binary <c>SemaphoreSlim</c> (the maximum is not readable afterwards, so only semaphores created in rewritten
/// code are known; a binary one created with no free slot is a signal from the start). Its class is a lock once a
/// flow releases what it acquired, a signal once another flow releases it.
/// </summary>
internal static class BinarySemaphores
{
    private static readonly ConditionalWeakTable<Semaphore, object> s_locks = new();
    private static readonly object s_marker = new();

    /// <summary>Remembers a semaphore created as a lock (maximum 1, one free slot).</summary>
    public static void Created(Semaphore? semaphore, int initialCount, int maximumCount)
    {
        if (semaphore is not null && maximumCount == 1 && initialCount == 1)
        {
            s_locks.AddOrUpdate(semaphore, s_marker);
        }
    }

    /// <summary>Whether <paramref name="semaphore"/> is a binary semaphore whose class is not (yet) a signal.</summary>
    public static bool IsLock(Semaphore semaphore, DeptSite? site)
        => s_locks.TryGetValue(semaphore, out _) && DeptRuntime.Current is { } engine && !engine.IsSignalClass(SiteKeys.For(site));

    /// <summary>An untimed <c>WaitOne</c>: the flow's acquire, recorded before it blocks.</summary>
    public static void Acquire(Semaphore semaphore, DeptSite? site)
        => DeptLdt.AcquireFlow(SiteKeys.For(site), semaphore, site, flags: DeptLockFlags.MaybeSignal);

    /// <summary>A release: ends the flow's acquire; returns false when it is a signal's event instead.</summary>
    public static bool Release(Semaphore semaphore, DeptSite? site)
    {
        if (!s_locks.TryGetValue(semaphore, out _))
        {
            return false;
        }

        var outcome = DeptLdt.ReleaseFlow(semaphore, site);
        if (outcome == DeptFlowRelease.NotHeld)
        {
            DeptRuntime.Current?.DemoteToSignal(SiteKeys.For(site));
        }

        return outcome == DeptFlowRelease.Released;
    }
}
