using System.Runtime.InteropServices;
using Dept.Core.Annotations;
using Dept.Core.Diagnostics;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Lifetimes;

/// <summary>
/// The registry of completion sources for the abandoned-source check: a source whose owner (the only object that
/// can fire its event, e.g. a <c>TaskCompletionSource</c>) is collected while its waitable (the <c>Task</c>) has a
/// blocked waiter, an <c>await</c> continuation or a callback outstanding is reported as an unreachable event
/// (<see cref="DeptReportKind.UnreachableEvent"/>, reason <see cref="DeptUnreachableReason.Collected"/>).
/// </summary>
/// <remarks>
/// Thread-safe and never throws. Why every source is registered and not only those with a waiter: a task holds no
/// reference back to its source, so the association must be made when the source is created. It is a weak GC handle
/// and one small object, appended to a per-thread stripe; there is no finaliser per source. Completed sources are
/// swept out in bulk (amortised, when the registry doubles) and after every collection of a single process-wide
/// trigger object, so memory stays proportional to the sources still pending.
/// </remarks>
public static class DeptSources
{
    private const int StripeCount = 16;
    private const int MinSweepThreshold = 4096;

    private static readonly List<SourceEntry>[] s_stripes = CreateStripes();
    private static readonly object s_sweepGate = new();
    private static int s_count;
    private static int s_sweepAt = MinSweepThreshold;
    private static int s_warnedBound;
    private static long s_registered;
    private static long s_abandoned;

    /// <summary>Gets the number of sources registered and not yet swept out.</summary>
    public static int Count => Volatile.Read(ref s_count);

    /// <summary>Gets how many sources were ever registered in this process.</summary>
    public static long Registered => Interlocked.Read(ref s_registered);

    /// <summary>Gets how many registered sources were found abandoned with something outstanding.</summary>
    public static long Abandoned => Interlocked.Read(ref s_abandoned);

    /// <summary>
    /// Registers a source. When <paramref name="owner"/> is collected while <paramref name="probe"/> says the
    /// waitable is not completed and has a blocked waiter (a pending request on its map) or a continuation, the
    /// next sweep reports it, naming <paramref name="created"/> and each wait site.
    /// </summary>
    /// <param name="owner">The object that alone can fire the event; only weakly referenced.</param>
    /// <param name="waitable">What waiters hold; must not reference <paramref name="owner"/>, or it is never collected.</param>
    /// <param name="probe">How to read the waitable's state.</param>
    /// <param name="created">Where the source was created, for the report.</param>
    public static void Track(object owner, object waitable, IDeptSourceProbe probe, DeptSite? created = null)
    {
        var engine = DeptRuntime.Current;
        if (engine is null || !engine.TracksSources || owner is null || waitable is null || probe is null)
        {
            return;
        }

        try
        {
            if (Volatile.Read(ref s_count) >= engine.Options.MaxTrackedSources)
            {
                Sweep();
                if (Volatile.Read(ref s_count) >= engine.Options.MaxTrackedSources)
                {
                    if (Interlocked.Exchange(ref s_warnedBound, 1) == 0)
                    {
                        DeptSelfLog.Write($"the tracked-source bound ({engine.Options.MaxTrackedSources}) is reached; new completion sources are not checked for abandonment. Raise DeptOptions.MaxTrackedSources.");
                    }

                    return;
                }
            }

            var entry = new SourceEntry(GCHandle.Alloc(owner, GCHandleType.Weak), waitable, probe, created, engine.Id);
            var stripe = s_stripes[Environment.CurrentManagedThreadId & (StripeCount - 1)];
            lock (stripe)
            {
                stripe.Add(entry);
            }

            Interlocked.Increment(ref s_registered);
            engine.NoteSourceTracked();
            SweepTrigger.EnsureStarted();
            if (Interlocked.Increment(ref s_count) >= Volatile.Read(ref s_sweepAt))
            {
                Sweep();
            }
        }
        catch (Exception ex)
        {
            DeptSelfLog.Write($"source registration failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// Sweeps the registry now: completed sources are dropped; sources whose owner was collected while something was
    /// outstanding are reported to the running engine. A test or a run's end calls it after a full collection
    /// (<see cref="CollectAndSweep"/>); otherwise it runs by itself after collections and as the registry grows.
    /// </summary>
    /// <returns>The reports made by this sweep (a sweep started by a collection may have taken some first: the engine's reports hold all).</returns>
    public static IReadOnlyList<DeptReport> Sweep()
    {
        var engine = DeptRuntime.Current;
        List<SourceEntry>? abandoned = null;
        List<SourceEntry>? dropped = null;
        var survivors = 0;
        lock (s_sweepGate)
        {
            foreach (var stripe in s_stripes)
            {
                lock (stripe)
                {
                    var write = 0;
                    for (var read = 0; read < stripe.Count; read++)
                    {
                        var e = stripe[read];
                        var keep = false;
                        if (engine is null || e.EngineId != engine.Id)
                        {
                            // Registered under another engine (a finished test, a replaced host engine): nobody to report to.
                        }
                        else if (IsCompleted(e))
                        {
                            // The common case: completed, nothing can be outstanding.
                        }
                        else if (e.Owner.Target is null)
                        {
                            (abandoned ??= []).Add(e);
                        }
                        else
                        {
                            keep = true;
                        }

                        if (keep)
                        {
                            stripe[write++] = e;
                        }
                        else
                        {
                            (dropped ??= []).Add(e);
                        }
                    }

                    stripe.RemoveRange(write, stripe.Count - write);
                    survivors += write;
                }
            }

            if (dropped is not null)
            {
                foreach (var e in dropped)
                {
                    e.Owner.Free();
                }

                Interlocked.Add(ref s_count, -dropped.Count);
            }

            Volatile.Write(ref s_sweepAt, Math.Max(MinSweepThreshold, survivors * 2));

            // Still inside the gate: a sweep that returns has reported everything it took out, so a caller that sweeps
            // after another sweep started sees that one's reports in the engine.
            if (abandoned is null || engine is null)
            {
                return [];
            }

            var reports = new List<DeptReport>();
            foreach (var e in abandoned)
            {
                var report = Evaluate(engine, e);
                if (report is not null)
                {
                    Interlocked.Increment(ref s_abandoned);
                    reports.Add(report);
                }
            }

            return reports;
        }
    }

    /// <summary>
    /// Runs a full blocking collection, waits for finalisers, and sweeps: what a run's end and tests do to find every
    /// source abandoned so far. Costs a full GC; never call it on a hot path.
    /// </summary>
    /// <returns>The reports made.</returns>
    public static IReadOnlyList<DeptReport> CollectAndSweep()
    {
        if (Count == 0)
        {
            return [];
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Sweep();
    }

    internal static void SweepQuietly()
    {
        try
        {
            Sweep();
        }
        catch (Exception ex)
        {
            DeptSelfLog.Write($"source sweep failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static bool IsCompleted(SourceEntry e)
    {
        try
        {
            return e.Probe.IsCompleted(e.Waitable);
        }
        catch (Exception ex)
        {
            DeptSelfLog.Write($"source probe {e.Probe.GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
            return true; // A probe that cannot answer must not produce reports.
        }
    }

    private static DeptReport? Evaluate(DeptEngine engine, SourceEntry e)
    {
        try
        {
            var map = e.Probe.MapOf(e.Waitable);
            var continuations = e.Probe.Continuations(e.Waitable);
            var function = e.Probe.EventFunction(e.Waitable);
            var why = $"unreachable: the source was collected before it fired (nothing else can fire {function})";
            return engine.ReportAbandoned(map, DeptUnreachableReason.Collected, why, function, eventSite: null, e.Created, continuations);
        }
        catch (Exception ex)
        {
            DeptSelfLog.Write($"source probe {e.Probe.GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    private static List<SourceEntry>[] CreateStripes()
    {
        var stripes = new List<SourceEntry>[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = [];
        }

        return stripes;
    }
}
