using Dept.Core.Options;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace DmaBuf.Scenarios.Running;

/// <summary>
/// Runs a scenario under its own Dept engine, so each starts from an empty graph (edges are cumulative and a
/// known edge is never reported twice, so a shared engine would hide later scenarios' cycles).
/// </summary>
public static class ScenarioRunner
{
    private static readonly Lock s_gate = new();

    /// <summary>Runs one scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="reportWriter">Where to print each report as it is found; <see langword="null"/> for nowhere.</param>
    /// <returns>The outcome.</returns>
    public static ScenarioOutcome Run(Scenario scenario, TextWriter? reportWriter = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var collector = new CollectingReporter();
        var options = new DeptOptions { Source = $"DmaBuf.Scenarios {scenario.Id}" };
        options.Reporters.Add(collector);
        if (reportWriter is not null)
        {
            options.Reporters.Add(new ConsoleReporter(reportWriter));
        }

        // The facades use one process-wide engine: scenarios in one process run one at a time.
        lock (s_gate)
        {
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
                DeptRuntime.Install(previous);
            }

            var stats = engine.GetStats();
            engine.Stop($"scenario {scenario.Id} finished");
            return new ScenarioOutcome(scenario, collector.Reports, world.Runtime.Warnings.Entries, failure, stats);
        }
    }
}
