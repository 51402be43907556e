using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The boundary every patch body goes through: an exception inside Dept never reaches user code. The first fault
/// stops tracking for the rest of the process with one clear message (DEPT's <c>DEPT_STOP</c>); the user's program
/// goes on untracked.
/// </summary>
internal static class PatchFault
{
    private static int s_reported;

    /// <summary>Gets the first fault seen, for tests and the run summary.</summary>
    public static Exception? First { get; private set; }

    /// <summary>Records a fault raised inside a patch and stops tracking; never throws.</summary>
    public static void Report(Exception exception)
    {
        if (Interlocked.Exchange(ref s_reported, 1) != 0)
        {
            return;
        }

        First = exception;
        try
        {
            var reason = $"internal failure in a patch: {exception.GetType().Name}: {exception.Message}";
            Console.Error.WriteLine($"dept: tracking stopped: {reason}");

            // Stopped, not removed: the run summary still reports what was learned, and why tracking stopped.
            DeptRuntime.Current?.Stop(reason);
        }
        catch
        {
            // The host must not see our failure, even when the console or the engine is gone.
        }
    }

    /// <summary>Forgets the fault (tests only: a real process stops tracking for good).</summary>
    internal static void Reset()
    {
        First = null;
        Volatile.Write(ref s_reported, 0);
    }
}
