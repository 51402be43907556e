using Dept.Core.Tracking;

namespace Dept.Patches.Targets;

/// <summary>Orders two threads without sleeping: one proceeds once the other is really blocked.</summary>
public static class Blocking
{
    /// <summary>
    /// Returns once <paramref name="thread"/> is blocked and, when tracking is on, the engine has recorded at least
    /// <paramref name="waits"/> more waits than <paramref name="waitsBefore"/>: a thread can also be briefly blocked
    /// on something else (a type initializer, the engine's first start) before it reaches the wait under test.
    /// </summary>
    public static void WaitUntilBlocked(Thread thread, long waitsBefore = -1, int waits = 0)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < deadline)
        {
            var blocked = (thread.ThreadState & ThreadState.WaitSleepJoin) != 0;
            var recorded = waitsBefore < 0 || DeptRuntime.Current is not { } engine || engine.GetStats().Waits >= waitsBefore + waits;
            if (blocked && recorded)
            {
                return;
            }

            Thread.Yield();
        }
    }

    /// <summary>The engine's wait count now, or -1 when tracking is off.</summary>
    public static long Waits() => DeptRuntime.Current?.GetStats().Waits ?? -1;
}
