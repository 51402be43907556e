namespace Dept.Attach.Target;

/// <summary>
/// Contention at a steady high rate (for the event-rate measurement): workers hand one lock around in a loop, each
/// holding it briefly so the others block and the runtime raises ContentionStart/Stop pairs. Never deadlocks.
/// </summary>
internal static class Churn
{
    private static readonly object s_gate = new();

    public static void Start()
    {
        for (var i = 0; i < 4; i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"churn{i}" };
            thread.Start();
        }

        Protocol.Line("ready");
    }

    private static void Work()
    {
        Protocol.Go.Wait();
        while (true)
        {
            lock (s_gate)
            {
                Thread.SpinWait(50);
            }
        }
    }
}
