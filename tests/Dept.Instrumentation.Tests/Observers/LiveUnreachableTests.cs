using Dept.Core.Live;
using Dept.Core.Reports;

namespace Dept.Instrumentation.Tests.Observers;

/// <summary>
/// #11 live: a thread blocked behind a confirmed deadlock (its only possible signaller is blocked for ever) is an
/// unreachable event, not just a hang; one blocked behind a thread that is merely busy stays a hang.
/// </summary>
public sealed class LiveUnreachableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(T0);
    private readonly CollectingLiveReporter _reporter = new();

    private LiveDeadlockTracker NewTracker() => new(new LiveOptions
    {
        TimeProvider = _clock,
        Reporter = _reporter,
        HangThreshold = TimeSpan.FromSeconds(1),
        ConfirmAfter = TimeSpan.FromMilliseconds(100),
    });

    [Fact]
    public void WaitBehindADeadlock_IsUnreachable_SignallerBlocked_ReportedOnce()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.LockWait(11, T0, lockId: 0xA, objectId: 0, owner: 22));
        tracker.Post(LiveEvent.LockWait(22, T0.AddMilliseconds(10), lockId: 0xB, objectId: 0, owner: 11));
        tracker.Post(LiveEvent.LockWait(33, T0.AddMilliseconds(20), lockId: 0xB, objectId: 0, owner: 11)); // behind 11

        _clock.Now = T0.AddSeconds(2);
        tracker.Tick();
        tracker.Tick();

        var unreachable = Assert.Single(_reporter.Hangs);
        Assert.Equal(LiveNode.Thread(33), unreachable.Wait.Waiter);
        Assert.True(unreachable.IsUnreachable);
        Assert.Equal(LiveNode.Thread(11), unreachable.BlockedForeverBy);
        var snapshot = tracker.Snapshot();
        Assert.Single(snapshot.Unreachable);
        Assert.Empty(snapshot.Hangs);

        var report = LiveDeptReports.ToUnreachableReport(unreachable);
        Assert.Equal(DeptReportKind.UnreachableEvent, report.Kind);
        Assert.Equal(DeptUnreachableReason.SignallerBlocked, report.Reason);
        Assert.Contains("*** UNREACHABLE EVENT ***", LiveTextRenderer.Render(unreachable), StringComparison.Ordinal);
        var document = LiveDeptReports.ToDocument(snapshot, "test");
        Assert.Contains(document.Reports, r => r.Kind == DeptReportKind.UnreachableEvent);
        Assert.Equal(1, document.Stats!.UnreachableEvents);
    }

    [Fact]
    public void WaitBehindABusyThread_StaysAHang()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.LockWait(33, T0, lockId: 0xB, objectId: 0, owner: 11)); // 11 runs, blocked on nothing

        _clock.Now = T0.AddSeconds(2);
        tracker.Tick();

        var hang = Assert.Single(_reporter.Hangs);
        Assert.False(hang.IsUnreachable);
        Assert.Empty(tracker.Snapshot().Unreachable);
    }

    [Fact]
    public void InProcessBridge_PublishesTheUnreachableReport()
    {
        var collected = new CollectingReporter();
        var tracker = new LiveDeadlockTracker(new LiveOptions
        {
            TimeProvider = _clock,
            Reporter = new DeptReporterBridge(collected, onHang: _ => { }),
            HangThreshold = TimeSpan.FromSeconds(1),
            ConfirmAfter = TimeSpan.FromMilliseconds(100),
        });
        tracker.Post(LiveEvent.LockWait(11, T0, 0xA, 0, owner: 22));
        tracker.Post(LiveEvent.LockWait(22, T0, 0xB, 0, owner: 11));
        tracker.Post(LiveEvent.LockWait(33, T0, 0xA, 0, owner: 22));

        _clock.Now = T0.AddSeconds(2);
        tracker.Tick();

        Assert.Contains(collected.Reports, r => r.Kind == DeptReportKind.ActualDeadlock);
        Assert.Contains(collected.Reports, r => r.Kind == DeptReportKind.UnreachableEvent && r.Reason == DeptUnreachableReason.SignallerBlocked);
    }
}
