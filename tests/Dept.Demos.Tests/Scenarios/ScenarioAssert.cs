using Dept.Core.Reports;
using DmaBuf.Scenarios.Running;

namespace Dept.Demos.Tests.Scenarios;

/// <summary>Runs a scenario under its own engine and checks it against its expectation.</summary>
internal static class ScenarioAssert
{
    public static ScenarioOutcome Meets(Scenario scenario)
    {
        var outcome = ScenarioRunner.Run(scenario);
        Assert.True(outcome.Instrumented, "Dept saw no waits: DmaBuf.dll and DmaBuf.Scenarios.dll were not rewritten.");
        Assert.True(outcome.Passed, $"{scenario.Id}: expected {outcome.Expected}, detected {outcome.Detected}. {outcome.Failure}");
        return outcome;
    }

    /// <summary>Asserts exactly one unreachable-event report with the given reason, rendered in DEPT's [W]/[E] shape.</summary>
    public static DeptReport Unreachable(ScenarioOutcome outcome, DeptUnreachableReason reason)
    {
        var report = Assert.Single(outcome.Reports, static r => r.Kind == DeptReportKind.UnreachableEvent);
        Assert.Equal(reason, report.Reason);
        var text = TextReportRenderer.Render(report);
        Assert.Contains("*** UNREACHABLE EVENT ***", text, StringComparison.Ordinal);
        Assert.Contains("[W]", text, StringComparison.Ordinal);
        Assert.Contains("[E]", text, StringComparison.Ordinal);
        return report;
    }

    /// <summary>Asserts a cycle report whose points name the scenario's own source file and the given classes.</summary>
    public static DeptReport Cycle(ScenarioOutcome outcome, string scenarioFile, params string[] classes)
    {
        var report = outcome.Reports.First(r => r.Kind is DeptReportKind.Deadlock or DeptReportKind.AADeadlock);
        var points = report.Contexts.SelectMany(c => new[] { c.Start, c.Wait }).ToList();
        Assert.Contains(points, p => p.Location?.File?.EndsWith(scenarioFile, StringComparison.Ordinal) == true
            || p.Stack.Any(frame => frame.Contains(scenarioFile, StringComparison.Ordinal)));
        foreach (var cls in classes)
        {
            Assert.Contains(points, p => p.ClassName == cls);
        }

        var text = TextReportRenderer.Render(report);
        Assert.Contains("[S]", text, StringComparison.Ordinal);
        Assert.Contains("[W]", text, StringComparison.Ordinal);
        Assert.Contains("[E]", text, StringComparison.Ordinal);
        return report;
    }
}
