using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The end of an instrumented run, in the order that loses least when the process is killed part-way (#13): vstest
/// kills a test host about 100 ms after the run ends, and on a loaded machine the end-of-run analysis alone (full
/// collections for abandoned sources, the never-fired check) can take longer than that. So whatever was found and is
/// not in the files yet is written first, then the analysis runs, then the final files and the summary.
/// </summary>
internal static class RunExit
{
    /// <summary>Runs the end of the run.</summary>
    /// <param name="engine">The run's engine.</param>
    /// <param name="settings">The run's settings.</param>
    /// <param name="reporter">The run's reporter, whose background writer is stopped first; null when there is none.</param>
    /// <param name="console">Where the summary goes (the process's real stderr), or null.</param>
    /// <param name="endOfRunChecks">
    /// The end-of-run analysis (abandoned-source sweep, never-fired check, verdict), which may add reports.
    /// </param>
    public static void Finish(DeptEngine engine, DeptRunSettings settings, RunReporter? reporter, TextWriter? console, Action endOfRunChecks)
    {
        // Waits for a background write in progress (writes are serialized anyway) and ends the coalescing pause.
        reporter?.Stop();

        // A report found since the last write (in the last test, say) reaches the files now, before the slow part.
        if (RunOutput.WrittenReports(engine) < engine.Reports.Count)
        {
            RunOutput.TryWrite(engine, settings);
        }

        endOfRunChecks();

        // stderr, never stdout: the application's stdout is its own (piped, parsed) and stays byte-identical (#14).
        RunOutput.Write(engine, settings, console);
    }
}
