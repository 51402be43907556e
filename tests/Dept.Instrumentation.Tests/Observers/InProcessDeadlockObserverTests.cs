using Dept.Core.Live;
using Dept.Instrumentation.Observers;

namespace Dept.Instrumentation.Tests.Observers;

// Real deadlocks inside the test host, on code that was not rewritten. One side always acquires with a timeout,
// and is interrupted once the report arrives, so the deadlock resolves and the host never hangs.
public sealed class InProcessDeadlockObserverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AbbaOnTwoObjects_ReportsActualDeadlock_WithTheOwnerThreads()
    {
        object a = new(), b = new();
        var deadlock = await DeadlockAndObserve(
            first: (ready, go) => { lock (a) { ready(); go(); return Monitor.TryEnter(b, Bound) && Exit(b); } },
            second: (ready, go) => { lock (b) { ready(); go(); return Monitor.TryEnter(a, Bound) && Exit(a); } });

        Assert.All(deadlock.Waits, w => Assert.Equal(LiveWaitKind.Lock, w.Kind));
        Assert.All(deadlock.Waits, w => Assert.NotEqual(0UL, w.LockId));
    }

    [Fact]
    public async Task LockAgainstMonitor_ReportsActualDeadlock_WithTheOwnerThreads()
    {
        Lock gate = new();
        object monitor = new();
        var deadlock = await DeadlockAndObserve(
            first: (ready, go) => { lock (gate) { ready(); go(); return Monitor.TryEnter(monitor, Bound) && Exit(monitor); } },
            second: (ready, go) => { lock (monitor) { ready(); go(); if (!gate.TryEnter(Bound)) { return false; } gate.Exit(); return true; } });

        Assert.Equal(2, deadlock.Waits.Select(w => w.LockId).Distinct().Count());
    }

    [Fact]
    public void ContentionWithoutCycle_IsSeen_ButNotReported()
    {
        var reporter = new CollectingLiveReporter();
        using var observer = InProcessDeadlockObserver.Start(new InProcessObserverOptions { Live = { Reporter = reporter } });
        object gate = new();
        long waiterId = 0;
        using var holding = new ManualResetEventSlim();
        Thread waiter;
        lock (gate)
        {
            waiter = new Thread(() => { waiterId = OsThread.CurrentId; holding.Set(); lock (gate) { } });
            waiter.Start();
            Assert.True(holding.Wait(Bound));
            WaitUntil(() => observer.Snapshot().Waits.Any(w => w.Waiter.Id == Volatile.Read(ref waiterId)));
        }

        Assert.True(waiter.Join(Bound));
        WaitUntil(() => !observer.Snapshot().Waits.Any(w => w.Waiter.Id == waiterId && w.Kind == LiveWaitKind.Lock));
        Assert.DoesNotContain(reporter.Deadlocks, d => d.ThreadIds.Contains(waiterId));
        Assert.True(observer.Tracker.Stats.EventsApplied >= 2);
    }

    [Fact]
    public void LongBlockedWait_ReportedAsHang_NotAsDeadlock()
    {
        var reporter = new CollectingLiveReporter();
        using var observer = InProcessDeadlockObserver.Start(new InProcessObserverOptions
        {
            Live = { Reporter = reporter, HangThreshold = TimeSpan.FromMilliseconds(200) },
        });
        object gate = new();
        long holderId = OsThread.CurrentId, waiterId = 0;
        Thread waiter;
        lock (gate)
        {
            waiter = new Thread(() => { Volatile.Write(ref waiterId, OsThread.CurrentId); lock (gate) { } });
            waiter.Start();
            // We hold the lock until the hang is seen. Other threads of the test host may hang-report too: filter.
            LiveHang? hang = null;
            WaitUntil(() => (hang = reporter.Hangs.FirstOrDefault(h => h.Wait.Waiter.Id == Volatile.Read(ref waiterId))) is not null);
            Assert.Equal(LiveWaitKind.Lock, hang!.Wait.Kind);
            Assert.Equal(LiveNode.Thread(holderId), hang.Wait.Target);
            Assert.True(hang.Duration >= TimeSpan.FromMilliseconds(200));
        }

        Assert.True(waiter.Join(Bound));
        Assert.DoesNotContain(reporter.Deadlocks, d => d.ThreadIds.Contains(waiterId));
    }

    [Fact]
    public void StartFor_Engine_SendsActualDeadlocksToTheEngineReporters()
    {
        var collected = new Dept.Core.Reports.CollectingReporter();
        var engineOptions = new Dept.Core.Options.DeptOptions();
        engineOptions.Reporters.Add(collected);
        var engine = new Dept.Core.Tracking.DeptEngine(engineOptions);
        using var observer = InProcessDeadlockObserver.StartFor(engine);
        object a = new(), b = new();
        using var bothHold = new Barrier(2);
        long firstId = 0;
        var first = new Thread(() => { Volatile.Write(ref firstId, OsThread.CurrentId); Run(a, b); }) { IsBackground = true };
        var second = new Thread(() => Run(b, a)) { IsBackground = true };
        first.Start();
        second.Start();
        try
        {
            // The thread writes its id when it starts: read it only then, or "OS thread 0" is waited for in vain (#14:
            // it lost that race every time as a non-root user in the README walk-through).
            WaitUntil(() => Volatile.Read(ref firstId) != 0);
            var ours = $"OS thread {Volatile.Read(ref firstId)}";
            WaitUntil(() => collected.Reports.Any(r => r.Contexts.Any(c => c.Thread == ours)));
            var report = collected.Reports.First(r => r.Contexts.Any(c => c.Thread == ours));
            Assert.Equal(Dept.Core.Reports.DeptReportKind.ActualDeadlock, report.Kind);
            Assert.Equal(2, report.Contexts.Count);
            Assert.Contains(engine.Reports, r => r.Fingerprint == report.Fingerprint); // published, not only reported
        }
        finally
        {
            first.Interrupt();
            Assert.True(first.Join(Bound + Bound));
            Assert.True(second.Join(Bound + Bound));
        }

        void Run(object mine, object theirs)
        {
            try
            {
                lock (mine)
                {
                    bothHold.SignalAndWait(Bound);
                    if (Monitor.TryEnter(theirs, Bound))
                    {
                        Monitor.Exit(theirs);
                    }
                }
            }
            catch (ThreadInterruptedException)
            {
                // The test breaks the deadlock this way.
            }
        }
    }

    [Fact]
    public void ObserveTasks_ThreadBlockedOnTaskWhoseBodyNeedsItsLock_ReportedThroughTheTask()
    {
        var reporter = new CollectingLiveReporter();
        using var observer = InProcessDeadlockObserver.Start(new InProcessObserverOptions { ObserveTasks = true, Live = { Reporter = reporter } });
        object gate = new();
        long waiterId = 0;
        var waiter = new Thread(() =>
        {
            Volatile.Write(ref waiterId, OsThread.CurrentId);
            try
            {
                lock (gate)
                {
                    using var started = new ManualResetEventSlim();
                    var task = Task.Run(() => { started.Set(); lock (gate) { } });
                    started.Wait(Bound); // The body runs on the pool, so Wait cannot inline it here.
                    task.Wait(Bound);
                }
            }
            catch (ThreadInterruptedException)
            {
                // The test breaks the deadlock this way; the task then gets the lock and ends.
            }
        })
        { IsBackground = true };
        waiter.Start();
        try
        {
            ActualDeadlock? deadlock = null;
            WaitUntil(() => (deadlock = reporter.Deadlocks.FirstOrDefault(d => d.ThreadIds.Contains(Volatile.Read(ref waiterId)))) is not null);
            Assert.Contains(deadlock!.Waits, w => w.Kind == LiveWaitKind.TaskWait && w.Waiter == LiveNode.Thread(waiterId));
            Assert.Contains(deadlock.Waits, w => w.Kind == LiveWaitKind.TaskRunning);
            Assert.Contains(deadlock.Waits, w => w.Kind == LiveWaitKind.Lock && w.Target == LiveNode.Thread(waiterId));
        }
        finally
        {
            waiter.Interrupt();
            Assert.True(waiter.Join(Bound + Bound));
        }
    }

    [Fact]
    public void Stop_IsIdempotent_AndStopsListening()
    {
        var observer = InProcessDeadlockObserver.Start();
        observer.Stop();
        observer.Dispose();
        Assert.True(observer.IsStopped);
    }

    private static bool Exit(object o)
    {
        Monitor.Exit(o);
        return true;
    }

    // Runs two threads that each take their first lock, meet, then try the other's. Returns the observed deadlock
    // after checking its members are exactly those two threads, each waiting for the other.
    private static async Task<ActualDeadlock> DeadlockAndObserve(
        Func<Action, Action, bool> first, Func<Action, Action, bool> second)
    {
        var reporter = new CollectingLiveReporter();
        using var observer = InProcessDeadlockObserver.Start(new InProcessObserverOptions { Live = { Reporter = reporter } });
        using var bothHold = new Barrier(2);
        var ids = new long[2];
        var threads = new[] { Spawn(0, first), Spawn(1, second) };
        try
        {
            // The observer sees the whole test host: other tests' deadlocks may be reported too, so pick ours.
            await reporter.FirstDeadlock.WaitAsync(Bound);
            ActualDeadlock? deadlock = null;
            WaitUntil(() => (deadlock = reporter.Deadlocks.FirstOrDefault(d => d.ThreadIds.Contains(Volatile.Read(ref ids[0])))) is not null);
            Assert.Equal(ids.Order(), deadlock!.ThreadIds.Order());
            Assert.Contains(deadlock.Waits, w => w.Waiter.Id == ids[0] && w.Target == LiveNode.Thread(ids[1]));
            Assert.Contains(deadlock.Waits, w => w.Waiter.Id == ids[1] && w.Target == LiveNode.Thread(ids[0]));
            Assert.Contains(LiveTextRenderer.DeadlockTitle, LiveTextRenderer.Render(deadlock));
            return deadlock;
        }
        finally
        {
            // Break the real deadlock: the interrupted thread gives up its wait and releases its first lock.
            threads[0].Interrupt();
            Assert.True(threads[0].Join(Bound + Bound));
            Assert.True(threads[1].Join(Bound + Bound));
        }

        Thread Spawn(int index, Func<Action, Action, bool> body)
        {
            var thread = new Thread(() =>
            {
                ids[index] = OsThread.CurrentId;
                try
                {
                    body(() => bothHold.SignalAndWait(Bound), static () => { });
                }
                catch (ThreadInterruptedException)
                {
                    // Expected for the thread the test interrupts.
                }
            })
            { IsBackground = true };
            thread.Start();
            return thread;
        }
    }

    // Polls for a state the observer must reach (events arrive about 10 ms late); fails after the bound.
    private static void WaitUntil(Func<bool> condition) => Assert.True(SpinWait.SpinUntil(condition, Bound));
}
