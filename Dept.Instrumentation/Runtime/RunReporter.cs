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

    /// <summary>
    /// The first cycles are written on the thread that found them, as before #13: a test host killed by vstest
    /// ~100 ms after its last test must already have them on disk, even on a starved machine where the background
    /// writer would lag. Past these, the background writer alone: the user's thread pays a constant cost per cycle.
    /// </summary>
    public const int SynchronousCycles = 16;

    private BackgroundReportWriter? _writer;
    private DeptEngine? _engine;
    private int _reported;

    /// <summary>The background writer, once attached.</summary>
    internal BackgroundReportWriter? Writer => Volatile.Read(ref _writer);

    /// <summary>Binds the engine whose document is written (the reporter is created before it) and starts the writer.</summary>
    public void Attach(DeptEngine engine)
    {
        Volatile.Write(ref _engine, engine);
        Volatile.Write(ref _writer, new BackgroundReportWriter(() => RunOutput.TryWrite(engine, settings), Interval));
    }

    /// <inheritdoc/>
    public void Report(DeptReport report)
    {
        if (Interlocked.Increment(ref _reported) <= SynchronousCycles && Volatile.Read(ref _engine) is { } engine)
        {
            RunOutput.TryWrite(engine, settings);
            return;
        }

        RequestWrite();
    }

    /// <summary>Asks the background writer to write the files soon (never blocks).</summary>
    public void RequestWrite() => Writer?.Request();

    /// <summary>Stops the background writer (at exit, before the final write on the exiting thread).</summary>
    public void Stop() => Writer?.Stop(TimeSpan.FromSeconds(5));
}
