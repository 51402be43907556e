namespace Dept.Patches.Targets;

/// <summary>Scenarios the tests run. None hangs: each latent cycle needs another interleaving to deadlock.</summary>
public static partial class Scenarios
{
    /// <summary>Account._sync then Ledger._lock, later Ledger._lock then Account._sync (other instances).</summary>
    public static int LockOrderInversion()
    {
        var first = new Account();
        first.Post(new Ledger(), 5);
        var second = new Account();
        return new Ledger().Audit(second) + first.Balance;
    }

    /// <summary><c>lock (a) { lock (b) { } }</c> written on one line, twice: one edge between two classes, no cycle.</summary>
    public static int LocksOnOneLine() => OneLine.Nested(new object(), new object()) + OneLine.Nested(new object(), new object());

    /// <summary>8 threads x 20,000 nested acquires through the same call sites, one lock order: no cycle.</summary>
    public static int LockStressConsistent() => LockStress.Run(threads: 8, iterations: 20_000, invertOnce: false);

    /// <summary>The same, then one inverted nesting on the main thread: one cycle.</summary>
    public static int LockStressInverted() => LockStress.Run(threads: 8, iterations: 20_000, invertOnce: true);

    /// <summary>The same order twice: no cycle.</summary>
    public static int LockOrderConsistent()
    {
        new Account().Post(new Ledger(), 1);
        new Account().Post(new Ledger(), 2);
        return 3;
    }

    /// <summary>A lock held while waiting on a TCS that another account completes under the same class of lock.</summary>
    public static bool TcsUnderLock()
    {
        var waiter = new Account();
        var completer = new Account();
        var confirmation = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread? waiterThread = null;
        var waitsBefore = Blocking.Waits();
        var wait = Task.Factory.StartNew(() =>
        {
            Volatile.Write(ref waiterThread, Thread.CurrentThread);
            return waiter.AwaitConfirmation(confirmation.Task);
        }, TaskCreationOptions.LongRunning);
        while (Volatile.Read(ref waiterThread) is null)
        {
            Thread.Yield(); // no tracked wait on this thread: the waiter's two waits are the only ones counted
        }

        Blocking.WaitUntilBlocked(waiterThread!, waitsBefore, waits: 2); // lock (_sync), then confirmation.Wait()
        completer.Confirm(confirmation);
        return wait.Wait(TimeSpan.FromSeconds(30)) && wait.Result;
    }

    /// <summary>Sync-over-async under a cache lock whose continuation takes another cache's lock (same class).</summary>
    public static int SyncOverAsyncUnderLock() => new Cache().ReadThrough(new Cache());

    /// <summary>A method group bound to ManualResetEventSlim.Set, invoked once the waiter blocks; no lock held.</summary>
    public static bool MethodGroupSet()
    {
        using var ready = new ManualResetEventSlim();
        Action set = ready.Set;
        var waiter = Thread.CurrentThread;
        var run = Task.Run(() =>
        {
            Blocking.WaitUntilBlocked(waiter);
            set();
        });
        ready.Wait();
        return run.Wait(TimeSpan.FromSeconds(30)) && ready.IsSet;
    }

    /// <summary>A call Dept cannot follow.</summary>
    public static bool SignalAndWait()
    {
        using var signal = new ManualResetEvent(false);
        using var wait = new ManualResetEvent(true);
        return WaitHandle.SignalAndWait(signal, wait);
    }
}
