namespace Dept.Patches.Targets;

/// <summary>Orders two threads without sleeping: one proceeds once the other is really blocked.</summary>
public static class Blocking
{
    public static void WaitUntilBlocked(Thread thread)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while ((thread.ThreadState & ThreadState.WaitSleepJoin) == 0 && Environment.TickCount64 < deadline)
        {
            Thread.Yield();
        }
    }
}
