using Dept.Core.Reports;
using DmaBuf.Scenarios.Running;
using Spectre.Console;

// The reference workload (issue 4): dotnet run -c Release --project demos/DmaBuf.Scenarios -- all
// Arguments: all | list | <id>... (D1..D13, clean); --quiet prints only the table; --deps prints each dependency graph;
// --report-dir <dir> is where each scenario's JSON report goes (default: reports/ beside the runner).
var quiet = args.Contains("--quiet", StringComparer.OrdinalIgnoreCase);
var showDeps = args.Contains("--deps", StringComparer.OrdinalIgnoreCase);
var reportDirAt = Array.FindIndex(args, a => a.Equals("--report-dir", StringComparison.OrdinalIgnoreCase));
if (reportDirAt >= 0 && reportDirAt == args.Length - 1)
{
    Console.Error.WriteLine("--report-dir needs a folder.");
    return 1;
}

var reportDir = Path.GetFullPath(reportDirAt >= 0 ? args[reportDirAt + 1] : ReportFiles.DefaultDirectory);
var ids = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && i != reportDirAt + 1).ToList();
var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Piped or captured (CI logs, docs): Spectre cannot see a terminal width; keep the table's rows on one line.
    console.Profile.Width = 160;
}

if (ids.Count == 1 && ids[0].Equals("list", StringComparison.OrdinalIgnoreCase))
{
    foreach (var s in ScenarioCatalog.All)
    {
        console.MarkupLine($"[bold]{Markup.Escape(s.Id),-6}[/] {Markup.Escape(s.Title)}: {Markup.Escape(s.Models)}");
    }

    return 0;
}

IReadOnlyList<Scenario> selected;
if (ids.Count == 0 || ids.Any(i => i.Equals("all", StringComparison.OrdinalIgnoreCase)))
{
    selected = ScenarioCatalog.All;
}
else
{
    var unknown = ids.Where(i => ScenarioCatalog.Find(i) is null).ToList();
    if (unknown.Count > 0)
    {
        console.MarkupLine($"[red]Unknown scenario(s): {Markup.Escape(string.Join(", ", unknown))}.[/] Use 'list' to see D1..D13 and clean.");
        return 1;
    }

    selected = [.. ids.Select(i => ScenarioCatalog.Find(i)!)];
}

var outcomes = new List<ScenarioOutcome>();
foreach (var scenario in selected)
{
    if (!quiet)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(scenario.Id)}[/] {Markup.Escape(scenario.Title)}").LeftJustified());
        console.MarkupLine($"[grey]{Markup.Escape(scenario.Models)}[/]");
    }

    var outcome = ScenarioRunner.Run(scenario);
    outcomes.Add(outcome);
    if (quiet)
    {
        continue;
    }

    if (showDeps)
    {
        Console.Out.WriteLine(outcome.Dependencies);
    }

    foreach (var report in outcome.Reports)
    {
        Console.Out.Write(TextReportRenderer.Render(report));
        Console.Out.WriteLine();
    }

    foreach (var warning in outcome.Warnings)
    {
        console.MarkupLine($"[yellow]model warning {warning.Code}:[/] {Markup.Escape(warning.Message)}");
    }

    if (outcome.Failure is not null)
    {
        console.MarkupLine($"[red]{Markup.Escape(outcome.Failure.ToString())}[/]");
    }
}

OutcomeTable.Write(console, outcomes);

// Last lines: where each scenario's report is and how to look at it (the viewer is the Dept.Viewer project's CLI).
IReadOnlyList<string> files;
try
{
    files = ReportFiles.Write(reportDir, outcomes);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Could not write the reports to {reportDir}: {ex.Message}");
    return 1;
}

var example = files.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == "D1") ?? files.FirstOrDefault();
Console.Out.WriteLine($"Reports: {files.Count} JSON file(s), one per scenario, in {reportDir}");
if (example is not null)
{
    Console.Out.WriteLine($"Open one in the viewer: dotnet run --project Dept.Viewer -- view {example}");
    Console.Out.WriteLine($"Print one in full:      dotnet run --project Dept.Viewer -- show {example}");
}

return outcomes.All(o => o.Passed) ? 0 : 1;
