namespace Dept.Core.Diagnostics;

/// <summary>
/// Where the tracker writes about itself (Serilog's <c>SelfLog</c>, DEPT's <c>DEPT_INFO</c>/<c>DEPT_STOP</c>):
/// bound warnings and internal failures. Off by default except for standard error.
/// </summary>
/// <remarks>Thread-safe. A failing sink is ignored: self-logging never throws into the caller.</remarks>
public static class DeptSelfLog
{
    private static volatile Action<string>? s_sink = static m => Console.Error.WriteLine(m);

    /// <summary>Sends self-log messages to <paramref name="sink"/>; <see langword="null"/> silences them.</summary>
    public static void Enable(Action<string>? sink) => s_sink = sink;

    /// <summary>Writes one message, prefixed with <c>DEPT: </c>.</summary>
    public static void Write(string message)
    {
        try
        {
            s_sink?.Invoke("DEPT: " + message);
        }
        catch
        {
            // A broken sink must not take the host down.
        }
    }
}
