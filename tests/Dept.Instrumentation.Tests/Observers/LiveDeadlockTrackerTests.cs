using Dept.Core.Live;

namespace Dept.Instrumentation.Tests.Observers;

// Unit tests of the shared live core (Dept.Core/Live) with synthetic events and a manual clock. They live here
// because the attach helper owns this folder, not tests/Dept.Core.Tests.
public sealed class LiveDeadlockTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(T0);
    private readonly CollectingLiveReporter _reporter = new();

    private LiveDeadlockTracker NewTracker(TimeSpan? hang = null) => new(new LiveOptions
    {
        TimeProvider = _clock,
        Reporter = _reporter,
        HangThreshold = hang ?? TimeSpan.FromSeconds(5),
        ConfirmAfter = TimeSpan.FromMilliseconds(100),
    });

    private static DateTimeOffset Ms(int ms) => T0.AddMilliseconds(ms);

    [Fact]
    public void AbbaLockWaits_ReportedOnceAfterConfirmation_WithOwnersLocksAndWaitTimes()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.LockWait(11, Ms(0), lockId: 0xA, objectId: 0x100, owner: 22));
        tracker.Post(LiveEvent.LockWait(22, Ms(10), lockId: 0xB, objectId: 0x200, owner: 11));

        _clock.Now = Ms(50);
        tracker.Tick();
        Assert.Empty(_reporter.Deadlocks); // Not confirmed yet: a stop may still be in flight.

        _clock.Now = Ms(200);
        tracker.Tick();
        tracker.Tick();

        var deadlock = Assert.Single(_reporter.Deadlocks);
        Assert.Equal([11L, 22L], deadlock.ThreadIds.Order());
        var first = deadlock.Waits.Single(w => w.Waiter.Id == 11);
        Assert.Equal(LiveNode.Thread(22), first.Target);
        Assert.Equal(0xAUL, first.LockId);
        Assert.Equal(TimeSpan.FromMilliseconds(200), first.WaitedAt(deadlock.DetectedAt));
        Assert.Equal(TimeSpan.FromMilliseconds(190), deadlock.DetectionLatency);
        Assert.Contains("ACTUAL DEADLOCK", LiveTextRenderer.Render(deadlock));
        Assert.Contains("held by thread 22", LiveTextRenderer.Render(deadlock));
    }

    [Fact]
    public void CycleDissolvedByStopBeforeConfirmation_NotReported()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.LockWait(11, Ms(0), 0xA, 0, owner: 22));
        tracker.Post(LiveEvent.LockWait(22, Ms(10), 0xB, 0, owner: 11));
        tracker.Post(LiveEvent.LockAcquired(11, Ms(20))); // 22 had released A before blocking: transient, not real.
        _clock.Now = Ms(500);
        tracker.Tick();
        Assert.Empty(_reporter.Deadlocks);
        Assert.Single(tracker.Snapshot().Waits);
    }

    [Fact]
    public void LateStopOlderThanNewerStart_IsIgnored()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.LockWait(11, Ms(100), 0xA, 0, owner: 22));
        tracker.Post(LiveEvent.LockAcquired(11, Ms(50))); // Ended an earlier wait; delivered late by the session hand-over.
        tracker.Post(LiveEvent.LockWait(22, Ms(110), 0xB, 0, owner: 11));
        _clock.Now = Ms(400);
        tracker.Tick();
        Assert.Single(_reporter.Deadlocks);
        Assert.True(tracker.Stats.StaleEventsIgnored >= 1);
    }

    [Fact]
    public void DuplicatedEvents_FromOverlappingSessions_ReportOnce()
    {
        var tracker = NewTracker();
        for (var copy = 0; copy < 2; copy++)
        {
            tracker.Post(LiveEvent.LockWait(11, Ms(0), 0xA, 0, owner: 22));
            tracker.Post(LiveEvent.LockWait(22, Ms(10), 0xB, 0, owner: 11));
            _clock.Advance(TimeSpan.FromMilliseconds(300));
            tracker.Tick();
        }

        Assert.Single(_reporter.Deadlocks);
        Assert.Single(tracker.Snapshot().Deadlocks);
    }

    [Fact]
    public void SameWaitSeenAgainSlightlyLater_KeepsItsFirstStart_ReportsOnce()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.LockWait(11, Ms(0), 0xA, 0, owner: 22));
        tracker.Post(LiveEvent.LockWait(22, Ms(10), 0xB, 0, owner: 11));
        _clock.Now = Ms(300);
        tracker.Tick();
        tracker.Post(LiveEvent.LockWait(11, Ms(1), 0xA, 0, owner: 22)); // Another session's clock, 1 ms off.
        _clock.Now = Ms(600);
        tracker.Tick();

        Assert.Single(_reporter.Deadlocks);
        Assert.Equal(Ms(0), tracker.Snapshot().Waits.Single(w => w.Waiter.Id == 11).Since);
    }

    [Fact]
    public void WaitsFoundBySnapshot_FormACycle_AndSayTheyBeganBeforeTheAttach()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.LockWait(11, Ms(0), 0xA, 0xA, owner: 22) with { FromSnapshot = true });
        tracker.Post(LiveEvent.LockWait(22, Ms(0), 0xB, 0xB, owner: 11) with { FromSnapshot = true });
        _clock.Now = Ms(200);
        tracker.Tick();

        var deadlock = Assert.Single(_reporter.Deadlocks);
        Assert.All(deadlock.Waits, w => Assert.True(w.FromSnapshot));
        Assert.Contains("since before the attach", LiveTextRenderer.Render(deadlock), StringComparison.Ordinal);
    }

    [Fact]
    public void ChainWithoutCycle_NoDeadlock_ButLongWaitIsAHang()
    {
        var tracker = NewTracker(hang: TimeSpan.FromSeconds(1));
        tracker.Post(LiveEvent.LockWait(11, Ms(0), 0xA, 0, owner: 22));
        tracker.Post(LiveEvent.LockWait(22, Ms(0), 0xB, 0, owner: 33)); // 33 is running, not blocked.
        _clock.Now = Ms(900);
        tracker.Tick();
        Assert.Empty(_reporter.Hangs);

        _clock.Now = Ms(1500);
        tracker.Tick();
        tracker.Tick();
        Assert.Empty(_reporter.Deadlocks);
        Assert.Equal(2, _reporter.Hangs.Count); // Once per wait, not once per tick.
    }

    [Fact]
    public void WaitHandleWaits_HaveNoOwner_SoNeverFormACycle()
    {
        var tracker = NewTracker(hang: TimeSpan.FromMilliseconds(500));
        tracker.Post(LiveEvent.HandleWait(11, Ms(0), monitorWait: false, objectId: 0));
        tracker.Post(LiveEvent.HandleWait(22, Ms(0), monitorWait: true, objectId: 0x300));
        _clock.Now = Ms(1000);
        tracker.Tick();
        Assert.Empty(_reporter.Deadlocks);
        Assert.Equal(2, _reporter.Hangs.Count);
        Assert.Contains(_reporter.Hangs, h => h.Wait.Kind == LiveWaitKind.MonitorWait);
    }

    [Fact]
    public void SyncOverAsync_ThreadBlocksOnTaskWhoseBodyNeedsItsLock_Reported()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.TaskStarted(33, Ms(0), task: 7));
        tracker.Post(LiveEvent.LockWait(33, Ms(5), 0xA, 0, owner: 11));
        tracker.Post(LiveEvent.TaskWait(11, Ms(6), task: 7, synchronous: true, continuationTask: 0));
        _clock.Now = Ms(300);
        tracker.Tick();
        var deadlock = Assert.Single(_reporter.Deadlocks);
        Assert.Equal(3, deadlock.Waits.Count);
        Assert.Contains(deadlock.Waits, w => w.Kind == LiveWaitKind.TaskRunning && w.Target == LiveNode.Thread(33));
        Assert.Contains(deadlock.Waits, w => w.Kind == LiveWaitKind.TaskWait && w.Target == LiveNode.Task(7));
    }

    [Fact]
    public void TaskInlinedOnTheWaitingThread_IsNotACycle()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.TaskWait(11, Ms(0), task: 7, synchronous: true, continuationTask: 0));
        tracker.Post(LiveEvent.TaskStarted(11, Ms(1), task: 7)); // Task.Wait ran the task itself.
        _clock.Now = Ms(500);
        tracker.Tick();
        Assert.Empty(_reporter.Deadlocks);
    }

    [Fact]
    public void AwaitCycleBetweenTasks_Reported_AndTaskWaitEndDissolvesIt()
    {
        var tracker = NewTracker();
        tracker.Post(LiveEvent.TaskWait(11, Ms(0), task: 2, synchronous: false, continuationTask: 1));
        tracker.Post(LiveEvent.TaskWait(12, Ms(1), task: 1, synchronous: false, continuationTask: 2));
        _clock.Now = Ms(300);
        tracker.Tick();
        Assert.Single(_reporter.Deadlocks);

        tracker.Post(LiveEvent.TaskWaitEnded(12, Ms(310), task: 1));
        _clock.Now = Ms(400);
        Assert.DoesNotContain(tracker.Snapshot().Waits, w => w.Waiter == LiveNode.Task(2));
    }

    [Fact]
    public void ManyShortHangs_OverALongSession_KeepMemoryBounded_AndStillReportNewOnes()
    {
        var tracker = NewTracker(hang: TimeSpan.FromMilliseconds(10));
        for (var i = 0; i < 5000; i++)
        {
            tracker.Post(LiveEvent.HandleWait(7, Ms(i * 100), monitorWait: false, objectId: 0));
            _clock.Now = Ms((i * 100) + 50);
            tracker.Tick();
            tracker.Post(LiveEvent.HandleWaitEnded(7, Ms((i * 100) + 60)));
        }

        Assert.Equal(5000, _reporter.Hangs.Count);           // Each wait reported once...
        Assert.Equal(4096, tracker.Snapshot().Hangs.Count);  // ...while the stored list stays bounded.
    }

    [Fact]
    public void QueueBound_DropsAndCounts_NeverThrows()
    {
        var tracker = new LiveDeadlockTracker(new LiveOptions { MaxQueuedEvents = 16, TimeProvider = _clock });
        for (var i = 0; i < 40; i++)
        {
            tracker.Post(LiveEvent.LockAcquired(i, Ms(i)));
        }

        Assert.Equal(24, tracker.Stats.EventsDropped);
        tracker.Tick();
        Assert.Equal(16, tracker.Stats.StaleEventsIgnored); // Stops of waits that began before we looked.
    }

    [Fact]
    public void ThrowingReporter_IsCounted_AndTrackingGoesOn()
    {
        var tracker = new LiveDeadlockTracker(new LiveOptions { TimeProvider = _clock, Reporter = new ThrowingReporter() });
        tracker.Post(LiveEvent.LockWait(11, Ms(0), 0xA, 0, owner: 22));
        tracker.Post(LiveEvent.LockWait(22, Ms(0), 0xB, 0, owner: 11));
        _clock.Now = Ms(1000);
        tracker.Tick();
        Assert.Equal(1, tracker.Stats.ReporterFailures);
        Assert.Single(tracker.Snapshot().Deadlocks);
    }

    [Fact]
    public void InvalidOptions_NameTheSetting()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LiveDeadlockTracker(new LiveOptions { HangThreshold = TimeSpan.Zero }));
        Assert.Equal("HangThreshold", ex.ParamName);
    }

    private sealed class ThrowingReporter : ILiveReporter
    {
        public void OnDeadlock(ActualDeadlock deadlock) => throw new InvalidOperationException("reporter bug");

        public void OnHang(LiveHang hang) => throw new InvalidOperationException("reporter bug");
    }
}
