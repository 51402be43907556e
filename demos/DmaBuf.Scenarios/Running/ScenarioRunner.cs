using Dept.Core.Dumps;
using Dept.Core.Lifetimes;
using Dept.Core.Options;
using Dept.Core.Reports;
using Dept.Core.Tracking;
using DmaBuf.Locking;

namespace DmaBuf.Scenarios.Running;

/// <summary>
/// Runs a scenario under its own Dept engine, so each starts from an empty graph (edges are cumulative and a
/// known edge is never reported twice, so a shared engine would hide later scenarios' cycles).
/// </summary>
public static class ScenarioRunner
{
    private static readonly Lock s_gate = new();
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(10);

    /// <summary>Runs one scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="reportWriter">Where to print each report as it is found; <see langword="null"/> for nowhere.</param>
    /// <returns>The outcome.</returns>
    public static ScenarioOutcome Run(Scenario scenario, TextWriter? reportWriter = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var collector = new CollectingReporter();
        // A longer wait history than DEPT's 64: the completion worker runs every job of every client, so one job's event
        // window spans many other jobs' waits; 4096 keeps the windows whole (and the engine's warning quiet).
        var options = new DeptOptions { Source = $"DmaBuf.Scenarios {scenario.Id}", MaxWaitHistory = 4096 };
        options.Reporters.Add(collector);
        if (reportWriter is not null)
        {
            options.Reporters.Add(new ConsoleReporter(reportWriter));
        }

        // The facades use one process-wide engine: scenarios in one process run one at a time.
        lock (s_gate)
        {
            // Deferred work of an earlier run (fence arrays and chains signal through irq_work) must not run into this
            // scenario's engine: it would charge this graph with another scenario's waits and events.
            IrqWork.Sync(DrainPatience);
            var engine = new DeptEngine(options);
            var previous = DeptRuntime.Current;
            DeptRuntime.Install(engine);
            var world = new ScenarioWorld();
            Exception? failure = null;
            try
            {
                scenario.Run(world);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                // The run's end, as an instrumented process ends: sources the GC proved abandoned, then the event classes
                // waited on and never fired. Both still report to this scenario's engine.
                DeptSources.CollectAndSweep();
                engine.CheckNeverFired();
                DeptRuntime.Install(previous);
            }

            // Uninstalled, the engine gets no more calls; leftover background work (irq_work items) is not charged to
            // it, and is drained before the next run installs its engine.
            var document = engine.CreateDocument();
            return new ScenarioOutcome(scenario, collector.Reports, world.Runtime.Warnings.Entries, failure, engine.GetStats())
            {
                Dependencies = ProcFormat.DeptDeps(document),
                Document = document,
            };
        }
    }
}
