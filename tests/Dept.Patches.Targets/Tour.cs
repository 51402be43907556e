namespace Dept.Patches.Targets;

/// <summary>
/// Every patched primitive once, used correctly (no latent cycle): the rewritten copy must behave exactly like
/// the original. Returns a checksum of what each primitive produced.
/// </summary>
public static class Tour
{
    private static readonly object s_gate = new();

    public static int Run()
    {
        var sum = 0;
        sum += Threads();
        sum += Pool();
        sum += Signals();
        sum += ReadersWriters();
        sum += Handles();
        sum += Conditions();
        return sum;
    }

    private static int Threads()
    {
        var value = 0;
        var thread = new Thread(() => value = 1);
        thread.Start();
        thread.Join();
        var withState = new Thread(state => value += (int)state!);
        withState.Start(1);
        return withState.Join(TimeSpan.FromSeconds(30)) ? value : -100;
    }

    private static int Pool()
    {
        using var done = new CountdownEvent(3);
        ThreadPool.QueueUserWorkItem(_ => done.Signal());
        ThreadPool.QueueUserWorkItem(static d => d.Signal(), done, preferLocal: false);
        using var timer = new Timer(_ => done.Signal(), null, 0, Timeout.Infinite);
        done.Wait();
        var run = Task.Run(static () => 2).Result;
        var started = Task.Factory.StartNew(static s => (int)s! + 1, 2).GetAwaiter().GetResult();
        Task.Run(static async () => await Task.Yield()).Wait();
        Task.WaitAll(Task.Run(static () => { }), Task.Delay(1));
        return run + started;
    }

    private static int Signals()
    {
        using var semaphore = new SemaphoreSlim(0, 1);
        var waiter = semaphore.WaitAsync();
        semaphore.Release();
        waiter.Wait();
        var tcs = new TaskCompletionSource();
        Task.Run(() => tcs.TrySetResult());
        tcs.Task.Wait();
        using var barrier = new Barrier(2);
        var other = Task.Run(() => barrier.SignalAndWait());
        barrier.SignalAndWait();
        other.Wait();
        return semaphore.CurrentCount + (tcs.Task.IsCompletedSuccessfully ? 1 : 0) + (int)barrier.CurrentPhaseNumber;
    }

    private static int ReadersWriters()
    {
        using var rw = new ReaderWriterLockSlim();
        rw.EnterUpgradeableReadLock();
        rw.EnterWriteLock();
        rw.ExitWriteLock();
        rw.ExitUpgradeableReadLock();
        rw.EnterReadLock();
        var held = rw.IsReadLockHeld ? 1 : 0;
        rw.ExitReadLock();
        return held + (rw.TryEnterWriteLock(0) ? 1 : 0) + Exit(rw);

        static int Exit(ReaderWriterLockSlim l)
        {
            l.ExitWriteLock();
            return 0;
        }
    }

    private static int Handles()
    {
        using var mutex = new Mutex();
        using var manual = new ManualResetEvent(false);
        using var auto = new AutoResetEvent(false);
        mutex.WaitOne();
        mutex.ReleaseMutex();
        Task.Run(() => { manual.Set(); auto.Set(); });
        var all = WaitHandle.WaitAll([manual, auto], TimeSpan.FromSeconds(30));
        var any = WaitHandle.WaitAny([manual, auto]);
        return (all ? 1 : 0) + any;
    }

    private static int Conditions()
    {
        var ready = false;
        var waiter = Task.Run(() =>
        {
            lock (s_gate)
            {
                while (!ready)
                {
                    Monitor.Wait(s_gate);
                }
            }
        });
        lock (s_gate)
        {
            ready = true;
            Monitor.PulseAll(s_gate);
        }

        return waiter.Wait(TimeSpan.FromSeconds(30)) ? 1 : -100;
    }
}
