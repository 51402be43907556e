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

    /// <summary>An async lock held across the await of an approval that another account gives under the same class.</summary>
    public static async Task<bool> AsyncLockAcrossAwaitedCompletion()
    {
        var waiter = new AsyncAccount();
        var auditor = new AsyncAccount();
        var withdraw = waiter.WithdrawWithApproval(); // runs until it awaits the pending approval, holding its lock
        await auditor.Approve(waiter.Pending!);
        return await withdraw;
    }

    /// <summary>Two async locks in one order through a shared sync helper, twice: no cycle.</summary>
    public static int ConsistentAsyncLocksThroughHelper()
    {
        var account = new AsyncAccount();
        return account.AuditThenBalance() + account.AuditThenBalance();
    }

    /// <summary>Blocks on an async method's task: its class is the method.</summary>
    public static int BlockOnAsyncMethod()
    {
        var account = new AsyncAccount();
        var ready = new TaskCompletionSource();
        var read = account.ReadAsync(ready.Task);
        var caller = Thread.CurrentThread;
        var waitsBefore = Blocking.Waits();
        _ = Task.Run(() =>
        {
            Blocking.WaitUntilBlocked(caller, waitsBefore, waits: 1);
            ready.SetResult();
        });
        return read.Result;
    }

    /// <summary>Nito AsyncLocks in opposite orders (async, then one sync), one flow after the other.</summary>
    public static async Task<int> AsyncExAbba()
    {
        var first = new AsyncExStore();
        var second = new AsyncExStore();
        await Task.Run(first.FirstThenSecond);
        await Task.Run(second.SecondThenFirst);
        return first.Value + second.Value;
    }

    /// <summary>One Nito AsyncLock, 64 contending flows: no cycle (and the library's plumbing adds none).</summary>
    public static async Task<int> AsyncExContention()
    {
        var store = new AsyncExStore();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await store.Bump();
            }
        })));
        return store.Value;
    }

    /// <summary>Two Nito locks in one order, twice, each taken synchronously through WaitAndUnwrapException: no cycle.</summary>
    public static int AsyncExThroughHelper()
    {
        var store = new AsyncExStore();
        return store.BothThroughHelper() + new AsyncExStore().BothThroughHelper();
    }

    /// <summary>Reader/reader inversions: no cycle.</summary>
    public static async Task<int> AsyncExReaders()
    {
        var store = new AsyncExStore();
        await Task.Run(store.ReadTableThenIndex);
        await Task.Run(store.ReadIndexThenTable);
        return store.Value;
    }

    /// <summary>A writer then a reader, mirrored with the reader first: a cycle through the read class.</summary>
    public static async Task<int> AsyncExWriterReader()
    {
        var store = new AsyncExStore();
        await Task.Run(store.WriteTableThenReadIndex);
        await Task.Run(store.ReadIndexThenWriteTable);
        return store.Value;
    }

    /// <summary>An AsyncLock held across the await of an approval that another store gives under the same class.</summary>
    public static async Task<bool> AsyncExAcrossAwaitedCompletion()
    {
        var waiter = new AsyncExStore();
        var approver = new AsyncExStore();
        var pending = waiter.AwaitApprovalUnderLock();
        await approver.Approve(waiter.Pending!);
        return await pending;
    }

    /// <summary>Async locks taken through async helpers returning a releaser, in opposite orders.</summary>
    public static async Task<int> WrappedAbba()
    {
        var first = new WrappedStore();
        var second = new WrappedStore();
        await Task.Run(first.AThenB);
        await Task.Run(second.BThenA);
        return first.Value + second.Value;
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
