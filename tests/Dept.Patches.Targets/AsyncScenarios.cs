namespace Dept.Patches.Targets;

/// <summary>Async scenarios (#9). None hangs; each latent cycle needs another interleaving to deadlock.</summary>
public static class AsyncScenarios
{
    private static readonly object s_unrelated = new();

    /// <summary>Two async locks in opposite orders, one flow after the other (other instances): never blocks.</summary>
    public static async Task<int> AsyncLockAbba()
    {
        using var first = new AsyncStore();
        using var second = new AsyncStore();
        await Task.Run(first.AThenB);
        await Task.Run(second.BThenA);
        return first.Value + second.Value;
    }

    /// <summary>One async lock, 64 contending flows, unrelated pool work in between: no cycle.</summary>
    public static async Task<int> AsyncLockContention()
    {
        using var store = new AsyncStore();
        var flows = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await store.Bump();
                await Task.Run(static () =>
                {
                    lock (s_unrelated)
                    {
                    }
                });
            }
        }));
        await Task.WhenAll(flows);
        return store.Value;
    }

    /// <summary>
    /// Two async resumptions run inline, one after the other, on this very thread: the first takes a lock, the second
    /// completes a source a blocked thread waits on. Without a context per resumption the lock would be charged to
    /// the completion; it must not be.
    /// </summary>
    public static bool ResumptionsShareAThread()
    {
        var done = new TaskCompletionSource<bool>();
        var resumeLocker = new TaskCompletionSource<bool>();
        var resumeCompleter = new TaskCompletionSource<bool>();
        var locker = Locker(resumeLocker.Task);
        var completer = Completer(resumeCompleter.Task, done);
        Thread? waiterThread = null;
        var waitsBefore = Blocking.Waits();
        var waiter = new Thread(() =>
        {
            Volatile.Write(ref waiterThread, Thread.CurrentThread);
            done.Task.Wait();
        });
        waiter.Start();
        while (Volatile.Read(ref waiterThread) is null)
        {
            Thread.Yield();
        }

        Blocking.WaitUntilBlocked(waiterThread!, waitsBefore, waits: 1);
        resumeLocker.SetResult(true); // the locker's resumption runs inline here: it takes s_unrelated
        resumeCompleter.SetResult(true); // then the completer's, which completes `done`
        return waiter.Join(TimeSpan.FromSeconds(30)) && locker.IsCompletedSuccessfully && completer.IsCompletedSuccessfully;
    }

    private static async Task Locker(Task resume)
    {
        await resume;
        lock (s_unrelated)
        {
        }
    }

    private static async Task Completer(Task resume, TaskCompletionSource<bool> done)
    {
        await resume;
        done.SetResult(true);
    }
}
