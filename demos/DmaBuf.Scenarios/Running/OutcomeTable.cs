using Spectre.Console;

namespace DmaBuf.Scenarios.Running;

/// <summary>The runner's closing table: scenario, expected, detected, fingerprint, verdict.</summary>
public static class OutcomeTable
{
    /// <summary>Writes the table.</summary>
    /// <param name="console">The console.</param>
    /// <param name="outcomes">The outcomes.</param>
    public static void Write(IAnsiConsole console, IReadOnlyList<ScenarioOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(outcomes);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("scenario").AddColumn("expected").AddColumn("detected").AddColumn("fingerprint").AddColumn("verdict");
        foreach (var o in outcomes)
        {
            table.AddRow(
                Markup.Escape(o.Scenario.Id),
                Markup.Escape(o.Expected),
                Markup.Escape(o.Detected),
                Markup.Escape(o.Fingerprint),
                o.Passed ? "[green]ok[/]" : "[red]FAILED[/]");
        }

        console.Write(table);
        var failed = outcomes.Count(o => !o.Passed);
        console.MarkupLine(failed == 0
            ? $"[green]{outcomes.Count} scenario(s): all expectations met.[/]"
            : $"[red]{failed} of {outcomes.Count} scenario(s) did not meet their expectation.[/]");
        if (outcomes.Any(o => !o.Instrumented))
        {
            console.MarkupLine("[yellow]Dept saw no waits in some scenarios: the runner and DmaBuf.dll were not rewritten (see docs/how-to/reference-workload.md).[/]");
        }
    }
}
