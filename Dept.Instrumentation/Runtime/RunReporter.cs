using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Rewrites the run's report files each time a cycle is found, not only at process exit: a test host is often
/// killed by its runner right after the last test (vstest allows it about 100 ms unless
/// <c>VSTEST_TESTHOST_SHUTDOWN_TIMEOUT</c> says otherwise), and a cycle must never be lost with it.
/// </summary>
/// <remarks>The engine calls it outside its graph lock, on the thread that closed the cycle, with tracking suppressed on that thread.</remarks>
internal sealed class RunReporter(DeptRunSettings settings) : IDeptReporter
{
    private DeptEngine? _engine;

    /// <summary>Binds the engine whose document is written (the reporter is created before it).</summary>
    public void Attach(DeptEngine engine) => Volatile.Write(ref _engine, engine);

    /// <inheritdoc/>
    public void Report(DeptReport report)
    {
        var engine = Volatile.Read(ref _engine);
        if (engine is not null)
        {
            RunOutput.Write(engine, settings, console: null);
        }
    }
}
