namespace Dept.Attach.Target;

/// <summary>
/// What the child prints on stdout, one line each, so a test can wait for readiness without sleeping:
/// <c>pid N</c> first, <c>thread NAME OS_TID MANAGED_ID</c> for each worker, then <c>ready</c> once every worker is about to block.
/// The child reads stdin: <c>go</c> lets the workers block (so an observer can attach first: the runtime raises a
/// contention event when a wait begins, never again while it lasts); <c>exit</c> (or end of input) makes it exit
/// with code 0.
/// </summary>
internal static class Protocol
{
    private static readonly Lock s_out = new();

    /// <summary>Set when the parent writes <c>go</c>.</summary>
    public static ManualResetEventSlim Go { get; } = new(false);

    public static void Thread(string name)
    {
        lock (s_out)
        {
            Console.WriteLine($"thread {name} {NativeThread.CurrentId} {Environment.CurrentManagedThreadId}");
            Console.Out.Flush();
        }
    }

    /// <summary>Printed right before a worker takes the lock that deadlocks it: <c>blocking OS_TID</c>.</summary>
    public static void Blocking() => Line($"blocking {NativeThread.CurrentId}");

    public static void Line(string text)
    {
        lock (s_out)
        {
            Console.WriteLine(text);
            Console.Out.Flush();
        }
    }

    /// <summary>Blocks the main thread until the parent says <c>exit</c> or closes stdin.</summary>
    public static void WaitForExit()
    {
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            switch (line.Trim())
            {
                case "go":
                    Go.Set();
                    break;
                case "exit":
                    return;
            }
        }
    }
}
