using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Classes;
using Dept.Core.Reports;

namespace Dept.Core.Tracking;

// Unreachable events: abandoned sources (reported by the source registry or by an explicit Abandon) and event classes
// waited on but never fired (checked at run end).
public sealed partial class DeptEngine
{
    private long _unreachableReports;
    private long _neverFiredReports;

    /// <summary>Gets this engine's process-unique id (source registrations and pending requests carry it).</summary>
    internal int Id => _id;

    /// <summary>Gets whether sources should be registered for the abandoned-source check.</summary>
    internal bool TracksSources => !_stopped && Options.DetectAbandonedSources;

    /// <summary>Counts a source registered for this engine (the <c>tracked_sources</c> counter).</summary>
    internal void NoteSourceTracked() => Interlocked.Increment(ref _shared.TrackedSources);

    /// <summary>
    /// The hot-path part of the never-fired check: a first-time flag per class, so a class costs one read per wait
    /// once it was seen.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteWaited(ThreadContext t, int classId, DeptSite? site, bool timeout)
    {
        if (classId != 0 && _checkNeverFired)
        {
            var cls = _classes.Get(classId);
            if (cls.Waited == 0)
            {
                FirstWait(t, cls, site, timeout);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FirstWait(ThreadContext t, DeptClass cls, DeptSite? site, bool timeout)
    {
        lock (cls)
        {
            if (cls.Waited != 0)
            {
                return;
            }

            cls.FirstWaitSite = site;
            cls.FirstWaitThread = t.ThreadName;
            cls.FirstWaitTimed = timeout;
            Volatile.Write(ref cls.Waited, 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteFired(int classId)
    {
        if (classId != 0)
        {
            var cls = _classes.Get(classId);
            if (cls.Fired == 0)
            {
                Volatile.Write(ref cls.Fired, 1);
            }
        }
    }

    /// <summary>
    /// Declares that the waits recorded on <paramref name="map"/> were answered by its event although no tracked
    /// <see cref="Event(DeptMap, DeptSite?)"/> saw it (it ran before the wait was recorded): their classes are not listed by the never-fired
    /// check (see <see cref="DeptSdt.Answered"/>).
    /// </summary>
    public void Answered(DeptMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.MarkFired();
        var pending = Volatile.Read(ref map.Pending);
        if (pending is null || _stopped)
        {
            return;
        }

        foreach (var r in pending)
        {
            if (r.EngineId == _id)
            {
                NoteFired(r.ClassId);
            }
        }
    }

    /// <summary>
    /// Reports that the event of <paramref name="map"/> can no longer fire because its source is gone, if anything
    /// still waits for it: each pending request of this engine (a blocked waiter) becomes one context, and each of
    /// <paramref name="continuations"/> (an <c>await</c>, a callback) is listed. The pending requests are left in place
    /// (a source that wakes its waiters with an error still answers them). Returns the report, or <see langword="null"/> when nothing was outstanding or
    /// the same report was already made.
    /// </summary>
    /// <param name="map">The map the waits were recorded on, if any.</param>
    /// <param name="reason">Why the event is unreachable.</param>
    /// <param name="why">The [E] note, e.g. "unreachable: the source was collected before it fired".</param>
    /// <param name="eventFunction">The operation that would have fired the event.</param>
    /// <param name="eventSite">Where the source was abandoned (disposed, released), when known.</param>
    /// <param name="created">Where the source was created, when known.</param>
    /// <param name="continuations">Outstanding non-blocking waiters, one description each.</param>
    public DeptReport? ReportAbandoned(DeptMap? map, DeptUnreachableReason reason, string why, string eventFunction, DeptSite? eventSite, DeptSite? created, IReadOnlyList<string>? continuations)
    {
        if (_stopped || !Options.DetectAbandonedSources)
        {
            return null;
        }

        try
        {
            continuations ??= [];
            var requests = PendingRequests(map);
            if (requests.Count == 0 && continuations.Count == 0)
            {
                return null;
            }

            var report = BuildUnreachable(requests, reason, why, eventFunction, eventSite, created, continuations, map);
            if (report is not null && Publish(report))
            {
                Interlocked.Increment(ref _unreachableReports);
                foreach (var r in requests)
                {
                    Volatile.Write(ref _classes.Get(r.ClassId).ReportedUnreachable, 1);
                }

                return report;
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }

        return null;
    }

    /// <summary>
    /// Lists, once each, the event classes that were waited on (timed or not) and never fired anywhere during the
    /// run, as warning-grade <see cref="DeptReportKind.NeverFiredEvent"/> reports naming the first wait site. Call
    /// it at the end of a run (the instrumented run's exit and the scenario runner do). Returns the new reports.
    /// </summary>
    public IReadOnlyList<DeptReport> CheckNeverFired()
    {
        var found = new List<DeptReport>();
        if (!_checkNeverFired)
        {
            return found;
        }

        try
        {
            List<DeptClass> candidates;
            lock (_graphLock)
            {
                // A class an unreachable-event report already named is not repeated as a warning.
                candidates = [.. _classes.All().Where(static c => Volatile.Read(ref c.Waited) != 0 && Volatile.Read(ref c.Fired) == 0 && Volatile.Read(ref c.ReportedUnreachable) == 0)];
            }

            foreach (var cls in candidates)
            {
                var wait = ReportBuilder.SitePoint(cls.FirstWaitSite, "wait", cls, null);
                var context = new DeptReportContext
                {
                    Name = "A",
                    Start = wait,
                    Wait = wait,
                    Event = ReportBuilder.SitePoint(cls.EventSite, "event", cls, "(never fired: no event of this class happened during the run)"),
                    Timeout = cls.FirstWaitTimed,
                    Thread = cls.FirstWaitThread,
                };
                var report = new DeptReport
                {
                    Kind = DeptReportKind.NeverFiredEvent,
                    Reason = DeptUnreachableReason.NeverFired,
                    Fingerprint = Fingerprint.Of(["never-fired", cls.ToString()]),
                    Contexts = [context],
                    DetectedAt = Options.TimeProvider.GetUtcNow(),
                    Notes =
                    [
                        "warning: this event class was waited on and never fired in this run; a waiter that was not woken by a timeout would hang",
                        cls.FirstWaitTimed ? "the first wait was bounded by a timeout" : "the first wait was not bounded by a timeout",
                    ],
                };
                if (Publish(report))
                {
                    Interlocked.Increment(ref _neverFiredReports);
                    found.Add(report);
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }

        return found;
    }

    // Reads, without consuming, this engine's pending requests: a model that wakes the waiters with an error after
    // declaring the source abandoned (a fence released with pending signals) still answers them with its event.
    private List<PendingRequest> PendingRequests(DeptMap? map)
    {
        var mine = new List<PendingRequest>();
        var pending = map is null ? null : Volatile.Read(ref map.Pending);
        if (pending is not null)
        {
            foreach (var r in pending)
            {
                if (r.EngineId == _id && r.ClassId != 0)
                {
                    mine.Add(r);
                }
            }
        }

        return mine;
    }

    private DeptReport? BuildUnreachable(List<PendingRequest> requests, DeptUnreachableReason reason, string why, string eventFunction, DeptSite? eventSite, DeptSite? created, IReadOnlyList<string> continuations, DeptMap? map)
    {
        var contexts = new List<DeptReportContext>();
        var labels = new List<string> { "unreachable", reason.ToString(), created?.ToString() ?? eventSite?.ToString() ?? map?.Name ?? eventFunction };
        var eventWhere = created ?? eventSite;
        var eventNote = created is not null && eventSite is not null ? $"{why}; abandoned at {eventSite}" : why;
        foreach (var r in requests)
        {
            var cls = _classes.Get(r.ClassId);
            var who = r.Thread is null ? string.Empty : $" by {r.Thread}";
            contexts.Add(new DeptReportContext
            {
                Name = ReportBuilder.Letter(contexts.Count),
                Start = ReportBuilder.SitePoint(r.Site, "request", cls, $"(wait to wake up) requested{who}"),
                Wait = ReportBuilder.SitePoint(r.Site, "wait", cls, null),
                Event = ReportBuilder.SitePoint(eventWhere, eventFunction, cls, eventNote, functionOverride: eventFunction),
                Thread = r.Thread,
            });
            labels.Add(cls.ToString());
            labels.Add(r.Site?.ToString() ?? "(unknown wait site)");
        }

        if (continuations.Count > 0)
        {
            // No blocking wait names a class: the source's own class stands for it (its creation site, or its map's key).
            var key = map?.Key ?? DeptKey.ForCallSiteName(created is null ? eventFunction : $"{eventFunction}@{created.ShortLocation ?? created.Member ?? "?"}{created.Qualifier}");
            var classId = ClassOf(key, map?.Subclass ?? 0);
            if (classId != 0)
            {
                var cls = _classes.Get(classId);
                foreach (var c in continuations)
                {
                    var point = ReportBuilder.SitePoint(null, c, cls, "(continuation pending: it runs only when the event fires)", functionOverride: c);
                    contexts.Add(new DeptReportContext
                    {
                        Name = ReportBuilder.Letter(contexts.Count),
                        Start = point,
                        Wait = point,
                        Event = ReportBuilder.SitePoint(eventWhere, eventFunction, cls, eventNote, functionOverride: eventFunction),
                    });
                }

                labels.Add(cls.ToString());
                labels.AddRange(continuations);
            }
        }

        if (contexts.Count == 0)
        {
            return null;
        }

        var notes = new List<string>
        {
            $"reason: {ReasonText(reason)}",
            $"outstanding: {requests.Count} blocked waiter(s), {continuations.Count} continuation(s) or callback(s)",
        };
        if (created is not null)
        {
            notes.Add($"source created at {created}");
        }

        if (eventSite is not null)
        {
            notes.Add($"source abandoned at {eventSite}");
        }

        return new DeptReport
        {
            Kind = DeptReportKind.UnreachableEvent,
            Reason = reason,
            Fingerprint = Fingerprint.Of(labels),
            Contexts = contexts,
            DetectedAt = Options.TimeProvider.GetUtcNow(),
            Notes = notes,
        };
    }

    /// <summary>The one-line explanation of a reason, as the text report prints it.</summary>
    internal static string ReasonText(DeptUnreachableReason reason) => reason switch
    {
        DeptUnreachableReason.Collected => "the source that alone could fire the event was collected while the event was outstanding",
        DeptUnreachableReason.Released => "the source was disposed or released while the event was outstanding",
        DeptUnreachableReason.NeverFired => "waited on during the run, never fired anywhere in it",
        DeptUnreachableReason.SignallerBlocked => "the only thread that could fire the event is itself blocked forever",
        DeptUnreachableReason.SignallerGone => "the only thread that could fire the event has exited",
        _ => reason.ToString(),
    };
}
