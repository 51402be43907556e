using Dept.Core.Dumps;
using Dept.Core.Reports;
using DmaBuf.Diagnostics;

namespace DmaBuf.Scenarios.Running;

/// <summary>What one scenario produced, judged against its expectation.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Reports">Dept's reports.</param>
/// <param name="Warnings">The model's own warnings.</param>
/// <param name="Failure">An exception that ended the scenario, if any.</param>
/// <param name="Stats">The engine's counters after the run.</param>
public sealed record ScenarioOutcome(Scenario Scenario, IReadOnlyList<DeptReport> Reports, IReadOnlyList<DmaWarning> Warnings, Exception? Failure, DeptStats Stats)
{
    /// <summary>Gets the dependency graph in DEPT's <c>/proc/dept_deps</c> format.</summary>
    public string Dependencies { get; init; } = string.Empty;

    /// <summary>Gets the run's graph and reports as a <c>dept.report/1</c> document (what the viewer opens), when run.</summary>
    public global::Dept.Core.Snapshots.DeptDocument? Document { get; init; }

    /// <summary>Gets a value indicating whether Dept saw anything at all (waits or event contexts): false means the
    /// workload's call sites were not rewritten.</summary>
    public bool Instrumented => Stats.Waits > 0 || Stats.EventContexts > 0;

    /// <summary>Gets the expectation as the table prints it.</summary>
    public string Expected => Scenario.Expectation switch
    {
        ScenarioExpectation.DeptCycle => "Dept cycle",
        ScenarioExpectation.DeptCycleAndWarning => $"Dept cycle + model warning ({string.Join(", ", Scenario.RequiredWarnings)})",
        ScenarioExpectation.ModelWarning => $"model warning, not a Dept cycle ({string.Join(", ", Scenario.RequiredWarnings)})",
        ScenarioExpectation.DeptUnreachable => "Dept unreachable event",
        ScenarioExpectation.DeptUnreachableAndWarning => $"Dept unreachable event + model warning ({string.Join(", ", Scenario.RequiredWarnings)})",
        _ => "nothing",
    };

    /// <summary>Gets what was detected, as the table prints it.</summary>
    public string Detected
    {
        get
        {
            if (Failure is not null)
            {
                return $"failed: {Failure.GetType().Name}: {Failure.Message}";
            }

            var parts = Reports.GroupBy(r => r.Kind).Select(g => $"{KindName(g.Key)} x{g.Count()}")
                .Concat(Warnings.GroupBy(w => w.Code).Select(g => $"model counter {g.Key} x{g.Count()}"))
                .ToList();
            if (!Instrumented)
            {
                parts.Insert(0, "Dept NOT ATTACHED (call sites not rewritten)");
            }

            return parts.Count == 0 ? "nothing" : string.Join(", ", parts);
        }
    }

    /// <summary>Gets the first report's fingerprint, or "-".</summary>
    public string Fingerprint => Reports.Count > 0 ? Reports[0].Fingerprint : "-";

    /// <summary>Gets a value indicating whether the expectation was met.</summary>
    public bool Passed
    {
        get
        {
            // Without instrumentation "nothing found" proves nothing, so only pure model checks can pass.
            if (Failure is not null || (!Instrumented && Scenario.Expectation != ScenarioExpectation.ModelWarning))
            {
                return false;
            }

            var cycle = Reports.Any(r => r.Kind is DeptReportKind.Deadlock or DeptReportKind.AADeadlock);
            var unreachable = Reports.Any(r => r.Kind == DeptReportKind.UnreachableEvent);
            var warned = Scenario.RequiredWarnings.All(code => Warnings.Any(w => w.Code == code));
            return Scenario.Expectation switch
            {
                ScenarioExpectation.DeptCycle => cycle,
                ScenarioExpectation.DeptCycleAndWarning => cycle && warned,
                ScenarioExpectation.ModelWarning => warned,
                ScenarioExpectation.DeptUnreachable => unreachable,
                ScenarioExpectation.DeptUnreachableAndWarning => unreachable && warned,
                _ => Reports.Count == 0 && Warnings.Count == 0,
            };
        }
    }

    private static string KindName(DeptReportKind kind) => kind switch
    {
        DeptReportKind.AADeadlock => "AA DEADLOCK",
        DeptReportKind.Deadlock => "DEADLOCK",
        DeptReportKind.TimeoutCircularDependency => "TIMEOUT CYCLE",
        DeptReportKind.UnreachableEvent => "UNREACHABLE EVENT",
        DeptReportKind.NeverFiredEvent => "NEVER FIRED (warning)",
        _ => kind.ToString(),
    };
}
