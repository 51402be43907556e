using System.Runtime.CompilerServices;

namespace Dept.Patches.Targets;

/// <summary>
/// #11: a TaskCompletionSource dropped while a thread blocks on its task, the everyday form of an unreachable event.
/// The scenario never hangs: the caller cancels the wait after Dept has had its look.
/// </summary>
public static class Abandoned
{
    /// <summary>
    /// Starts a thread blocked on the task of a source nobody references any more, returns once it is blocked, and
    /// hands back what ends the wait.
    /// </summary>
    public static Action BlockOnDroppedSource()
    {
        var cancel = new CancellationTokenSource();
        var task = PlaceOrder();
        var waiter = new Thread(() =>
        {
            try
            {
                task.Wait(cancel.Token); // Abandoned.cs:23, the wait site
            }
            catch (OperationCanceledException)
            {
                // The test ends it: the source is gone, nothing else ever will.
            }
        }) { IsBackground = true, Name = "order-waiter" };
        waiter.Start();
        var deadline = Environment.TickCount64 + 30_000;
        while ((waiter.ThreadState & ThreadState.WaitSleepJoin) == 0 && Environment.TickCount64 < deadline)
        {
            Thread.Yield();
        }

        return () =>
        {
            cancel.Cancel();
            waiter.Join(TimeSpan.FromSeconds(30));
            cancel.Dispose();
        };
    }

    /// <summary>The bug: the error path forgets the source; only its task escapes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> PlaceOrder()
    {
        var placed = new TaskCompletionSource<int>(); // Abandoned.cs:49, the creation site
        return placed.Task;
    }
}
