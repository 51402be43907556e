using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Keeps the run's report files current while it runs, not only at process exit: a test host is often killed by its
/// runner right after the last test (vstest allows it about 100 ms unless <c>VSTEST_TESTHOST_SHUTDOWN_TIMEOUT</c> says
/// otherwise), and a cycle must never be lost with it. The files are written by a <see cref="BackgroundReportWriter"/>
/// (#13): the thread that closed a cycle only wakes it.
/// </summary>
/// <remarks>The engine calls it outside its graph lock, on the thread that closed the cycle, with tracking suppressed on that thread.</remarks>
internal sealed class RunReporter(DeptRunSettings settings) : IDeptReporter
{
    /// <summary>The shortest pause between two writes (longer after a long write): cycles found meanwhile are written together.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    private BackgroundReportWriter? _writer;

    /// <summary>The background writer, once attached.</summary>
    internal BackgroundReportWriter? Writer => Volatile.Read(ref _writer);

    /// <summary>Binds the engine whose document is written (the reporter is created before it) and starts the writer.</summary>
    public void Attach(DeptEngine engine)
    {
        Volatile.Write(ref _writer, new BackgroundReportWriter(() => RunOutput.TryWrite(engine, settings), Interval));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Never writes on this thread: a synchronous write here (tried) made the engine's document work run inside the
    /// user's flow and added reports under xunit.v3/MTP hosts; the background writer is current within ~25 ms.
    /// </remarks>
    public void Report(DeptReport report) => RequestWrite();

    /// <summary>Asks the background writer to write the files soon (never blocks).</summary>
    public void RequestWrite() => Writer?.Request();

    /// <summary>Stops the background writer (at exit, before the final write on the exiting thread).</summary>
    public void Stop() => Writer?.Stop(TimeSpan.FromSeconds(5));
}
