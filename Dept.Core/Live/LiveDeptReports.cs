using System.Globalization;
using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Core.Live;

/// <summary>
/// Turns what the live observer saw into the engine's report types (#6), so actual deadlocks are rendered, written
/// and served like potential ones: <see cref="DeptReportKind.ActualDeadlock"/> reports in a document of mode
/// <see cref="DeptDocumentMode.Actual"/>. A "class" here is one lock or task instance (live events carry no
/// allocation site), named by the field that holds the lock when a snapshot found it (#14), else by the runtime's
/// lock id. Fingerprints use the lock id only, so naming never changes them.
/// </summary>
public static class LiveDeptReports
{
    /// <summary>
    /// One context per blocked member of the cycle, in DEPT's shape: [S] it holds what the previous member waits
    /// for, [W] it waits for the next member, [E] the release the previous member needs cannot happen.
    /// </summary>
    public static DeptReport ToReport(ActualDeadlock deadlock)
    {
        ArgumentNullException.ThrowIfNull(deadlock);
        var waits = deadlock.Waits;
        var contexts = new List<DeptReportContext>(waits.Count);
        for (var i = 0; i < waits.Count; i++)
        {
            // The previous member waits for what this one holds.
            var name = ((char)('A' + Math.Min(i, 25))).ToString();
            contexts.Add(Context(name, waits[i], waits[(i + waits.Count - 1) % waits.Count], deadlock.DetectedAt));
        }

        return new DeptReport
        {
            Kind = DeptReportKind.ActualDeadlock,
            Fingerprint = Fingerprint.Of([.. waits.Select(Label)]),
            Contexts = contexts,
            DetectedAt = deadlock.DetectedAt,
            Notes =
            [
                "observed through the runtime's own events: these threads are blocked now (not a potential deadlock)",
                Invariant($"cycle closed at {deadlock.FormedAt:O}; reported {LiveTextRenderer.Duration(deadlock.DetectionLatency)} later"),
                .. waits.Select(w => Invariant($"{w.Describe()}: waiting {LiveTextRenderer.Duration(w.WaitedAt(deadlock.DetectedAt))}")),
            ],
        };
    }

    /// <summary>
    /// A document of mode <see cref="DeptDocumentMode.Actual"/>: every deadlock of <paramref name="snapshot"/> as a
    /// report, and the wait-for graph as classes (one per lock or task instance) and dependencies (what a blocked
    /// thread holds cannot be released until what it waits for is), so the viewer draws it like a potential graph.
    /// </summary>
    public static DeptDocument ToDocument(LiveSnapshot snapshot, string? source)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var classes = new Dictionary<string, DeptClassInfo>(StringComparer.Ordinal);
        var dependencies = new Dictionary<(string, string), DeptDependencyInfo>();
        foreach (var cycle in snapshot.Deadlocks.Select(d => d.Waits).Append(snapshot.Waits))
        {
            foreach (var wait in cycle)
            {
                classes.TryAdd(ClassId(wait), new DeptClassInfo { Id = ClassId(wait), Name = ClassName(wait) });
                foreach (var held in cycle.Where(v => v.Target == wait.Waiter))
                {
                    dependencies.TryAdd((ClassId(held), ClassId(wait)), new DeptDependencyInfo
                    {
                        From = ClassId(held),
                        To = ClassId(wait),
                        Context = Context("A", wait, held, snapshot.At),
                        FirstSeen = wait.Since,
                    });
                }
            }
        }

        return new DeptDocument
        {
            Mode = DeptDocumentMode.Actual,
            Source = source,
            CreatedAt = snapshot.At,
            Classes = [.. classes.Values],
            Dependencies = [.. dependencies.Values],
            Reports = [.. snapshot.Deadlocks.Select(ToReport), .. snapshot.Unreachable.Select(ToUnreachableReport)],
            Hangs = [.. snapshot.Hangs.Select(static h => new DeptHang
            {
                Thread = h.Wait.Waiter.ToString(),
                WaitingOn = h.Wait.Describe(),
                Owner = h.Wait.Target?.ToString(),
                Waited = h.Duration,
                Stack = h.Wait.Stack,
            })],
            Stats = new DeptStats
            {
                Classes = classes.Count,
                Dependencies = dependencies.Count,
                Waits = snapshot.Stats.EventsApplied,
                Reports = snapshot.Deadlocks.Count + snapshot.Unreachable.Count,
                UnreachableEvents = snapshot.Unreachable.Count,
                Threads = snapshot.Waits.Select(w => w.Waiter).Where(n => !n.IsTask).Distinct().Count(),
            },
        };
    }

    /// <summary>
    /// Turns a wait whose only possible signaller is deadlocked (<see cref="LiveHang.BlockedForeverBy"/>) into an
    /// unreachable-event report (reason <see cref="DeptUnreachableReason.SignallerBlocked"/>): [W] the wait, [E] the
    /// release or completion that cannot happen, and why.
    /// </summary>
    /// <param name="hang">The wait, with its blocker.</param>
    /// <returns>The report.</returns>
    public static DeptReport ToUnreachableReport(LiveHang hang)
    {
        ArgumentNullException.ThrowIfNull(hang);
        var wait = hang.Wait;
        var blocker = hang.BlockedForeverBy?.ToString() ?? "nobody known";
        var waitPoint = Point(WaitFunction(wait), wait, Invariant($"{wait.Describe()}, waited {LiveTextRenderer.Duration(hang.Duration)}")) with
        {
            Stack = wait.Stack,
            Location = wait.Stack.FirstOrDefault(IsUserFrame) is { } member ? new DeptSourceLocation(member, null, 0) : null,
        };
        var eventFunction = wait.Kind switch
        {
            LiveWaitKind.Lock => "Monitor.Exit/Lock.Exit",
            LiveWaitKind.TaskRunning => "task body returns",
            _ => "task completes",
        };
        return new DeptReport
        {
            Kind = DeptReportKind.UnreachableEvent,
            Reason = DeptUnreachableReason.SignallerBlocked,
            Fingerprint = Fingerprint.Of(["unreachable", "SignallerBlocked", Label(wait), blocker]),
            Contexts =
            [
                new DeptReportContext
                {
                    Name = "A",
                    Start = waitPoint,
                    Wait = waitPoint,
                    Event = Point(eventFunction, wait, $"cannot happen: the only party that can do it leads to {blocker}, which is deadlocked"),
                    Thread = wait.Waiter.IsTask ? null : Invariant($"OS thread {wait.Waiter.Id}"),
                },
            ],
            DetectedAt = hang.DetectedAt,
            Notes =
            [
                "observed through the runtime's own events: this wait is not in the deadlock, but everything it waits for is",
                Invariant($"{wait.Describe()}: waiting {LiveTextRenderer.Duration(hang.Duration)}; blocked for ever by {blocker}"),
            ],
        };
    }

    // Context of a blocked member: [S] it holds what `held` waits for, [W] `wait`, [E] releasing what it holds.
    // The waiter's innermost frame of user code is where it waits, and (its stack shows it inside the lock it holds)
    // where it holds it and would release it: [S] and [E] point there when the stack was read (#14).
    private static DeptReportContext Context(string name, LiveWait wait, LiveWait held, DateTimeOffset at)
    {
        var frame = wait.Stack.FirstOrDefault(IsUserFrame) is { } member ? FrameLocation(member) : null;
        return new()
        {
            Name = name,
            Start = Point(HoldFunction(held), held, frame is null
                ? $"held by {wait.Waiter} (acquired before this wait; the runtime reports no acquire)"
                : $"held by {wait.Waiter}: taken in this frame or a caller (its stack is inside the lock; the runtime reports no acquire)") with { Location = frame },
            Wait = Point(WaitFunction(wait), wait, Invariant($"{wait.Describe()}, waited {LiveTextRenderer.Duration(wait.WaitedAt(at))}")) with
            {
                Stack = wait.Stack,
                Location = frame,
            },
            Event = Point(ReleaseFunction(held), held, $"cannot happen: {wait.Waiter} is blocked") with { Location = frame },
            Thread = wait.Waiter.IsTask ? null : wait.WaiterName is { } thread ? Invariant($"{thread} (OS thread {wait.Waiter.Id})") : Invariant($"OS thread {wait.Waiter.Id}"),
        };
    }

    /// <summary>A captured frame, <c>Member (File.cs:12)</c> when its PDB was read, as a source location.</summary>
    internal static DeptSourceLocation FrameLocation(string frame)
    {
        var open = frame.LastIndexOf(" (", StringComparison.Ordinal);
        var colon = frame.LastIndexOf(':');
        if (open > 0 && frame.EndsWith(')') && colon > open
            && int.TryParse(frame.AsSpan(colon + 1, frame.Length - colon - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var line))
        {
            return new DeptSourceLocation(frame[..open], frame[(open + 2)..colon], line);
        }

        return new DeptSourceLocation(frame, null, 0);
    }

    private static DeptReportPoint Point(string function, LiveWait wait, string note) => new()
    {
        Function = function,
        ClassId = ClassId(wait),
        ClassName = ClassName(wait),
        Note = note,
    };

    // What the waiter waits on: the lock (by runtime lock id), the awaited task, or the thread running a task.
    private static string ClassName(LiveWait wait) => wait is { Kind: LiveWaitKind.Lock, ObjectName: { } owner }
        ? $"{owner} lock {LiveWait.Hex(wait.LockId)}"
        : IdName(wait);

    private static string IdName(LiveWait wait) => wait.Kind switch
    {
        LiveWaitKind.Lock => "lock " + LiveWait.Hex(wait.LockId),
        LiveWaitKind.TaskRunning => $"body of {wait.Waiter}",
        _ => wait.Target?.ToString() ?? wait.Kind.ToString(),
    };

    private static string ClassId(LiveWait wait)
    {
        var id = wait.Kind == LiveWaitKind.Lock ? wait.LockId : (ulong)(wait.Target?.Id ?? 0);
        return id.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static string Label(LiveWait wait) => $"{wait.Waiter}:{IdName(wait)}";

    // A captured stack says which primitive blocked; frames look like "System.Threading.Lock.Enter()".
    private static bool IsUserFrame(string frame) =>
        !frame.StartsWith('[') && !frame.StartsWith("System.", StringComparison.Ordinal) && !frame.StartsWith("Microsoft.", StringComparison.Ordinal);

    private static string WaitFunction(LiveWait wait) => wait.Kind switch
    {
        LiveWaitKind.Lock when wait.Stack.Any(f => f.StartsWith("System.Threading.Lock.", StringComparison.Ordinal)) => "Lock.Enter (contended)",
        LiveWaitKind.Lock when wait.Stack.Any(f => f.StartsWith("System.Threading.Monitor.", StringComparison.Ordinal)) => "Monitor.Enter (contended)",
        LiveWaitKind.Lock => "Monitor.Enter/Lock.Enter (contended)",
        LiveWaitKind.TaskWait => "Task.Wait",
        LiveWaitKind.TaskAwait => "await",
        LiveWaitKind.TaskRunning => "task body",
        _ => wait.Kind.ToString(),
    };

    private static string HoldFunction(LiveWait heldWait) => heldWait.Kind switch
    {
        LiveWaitKind.Lock => "Monitor.Enter/Lock.Enter",
        LiveWaitKind.TaskRunning => "task body entered",
        _ => "task started",
    };

    private static string ReleaseFunction(LiveWait heldWait) => heldWait.Kind switch
    {
        LiveWaitKind.Lock => "Monitor.Exit/Lock.Exit",
        LiveWaitKind.TaskRunning => "task body returns",
        _ => "task completes",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
