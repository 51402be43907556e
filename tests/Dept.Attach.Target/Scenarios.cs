namespace Dept.Attach.Target;

/// <summary>The child's behaviours. Deadlocking workers are background threads so <c>exit</c> still ends the process.</summary>
internal static class Scenarios
{
    public static readonly string[] Modes = ["monitor", "lock-monitor", "task-lock", "hang", "idle", "churn", "named"];

    public static bool TryStart(string mode)
    {
        switch (mode)
        {
            case "monitor":
                StartMonitorAbba();
                return true;
            case "lock-monitor":
                StartLockAgainstMonitor();
                return true;
            case "task-lock":
                StartTaskWaitingOnLock();
                return true;
            case "hang":
                StartHang();
                return true;
            case "idle":
                Protocol.Line("ready");
                return true;
            case "churn":
                Churn.Start();
                return true;
            case "named":
                Ledger.Start();
                return true;
            default:
                return false;
        }
    }

    // Two threads, two objects, opposite order. The barrier makes both hold their first lock before either tries its
    // second, so the deadlock forms every time (no timing luck, no sleep).
    private static void StartMonitorAbba()
    {
        object a = new(), b = new();
        Barrier barrier = new(2, _ => Protocol.Line("ready"));
        Start("x", () => { lock (a) { barrier.SignalAndWait(); Protocol.Go.Wait(); Protocol.Blocking(); lock (b) { } } });
        Start("y", () => { lock (b) { barrier.SignalAndWait(); Protocol.Go.Wait(); Protocol.Blocking(); lock (a) { } } });
    }

    // System.Threading.Lock on one side, Monitor on the other: both raise the same contention events.
    private static void StartLockAgainstMonitor()
    {
        Lock gate = new();
        object monitor = new();
        Barrier barrier = new(2, _ => Protocol.Line("ready"));
        Start("x", () => { lock (gate) { barrier.SignalAndWait(); Protocol.Go.Wait(); Protocol.Blocking(); lock (monitor) { } } });
        Start("y", () => { lock (monitor) { barrier.SignalAndWait(); Protocol.Go.Wait(); Protocol.Blocking(); lock (gate) { } } });
    }

    // Sync over async: thread x holds a lock and blocks on a task whose body needs the same lock. The cycle runs
    // thread x -> task -> pool thread -> lock owned by x, so it needs the TPL events as well as contention.
    private static void StartTaskWaitingOnLock()
    {
        object gate = new();
        Start("x", () =>
        {
            lock (gate)
            {
                Protocol.Line("ready");
                Protocol.Go.Wait();
                using var started = new ManualResetEventSlim();
                var task = Task.Run(() =>
                {
                    Protocol.Thread("pool");
                    started.Set();
                    lock (gate) { }
                });
                started.Wait(); // Once the body runs on the pool, Wait cannot run it inline on this thread.
                task.Wait();
            }
        });
    }

    // A wait nobody will ever signal: a hang, not a deadlock (no cycle).
    private static void StartHang()
    {
        ManualResetEvent never = new(false);
        Start("x", () =>
        {
            Protocol.Line("ready");
            Protocol.Go.Wait();
            never.WaitOne();
        });
    }

    private static void Start(string name, Action body) => Start(name, name, body);

    /// <summary>Starts a background thread reported to the test as <paramref name="protocolName"/>, named <paramref name="threadName"/>.</summary>
    internal static void Start(string protocolName, string threadName, Action body)
    {
        var thread = new Thread(() =>
        {
            Protocol.Thread(protocolName);
            body();
        })
        { IsBackground = true, Name = threadName };
        thread.Start();
    }
}
