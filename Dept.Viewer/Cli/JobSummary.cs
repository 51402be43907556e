using System.Globalization;
using System.Text;
using Dept.Viewer.Exports;
using Dept.Viewer.Model;

namespace Dept.Viewer.Cli;

/// <summary>
/// The Markdown job summary of <c>dept test</c> (#15): when <c>GITHUB_STEP_SUMMARY</c> names a file (GitHub Actions
/// sets it for every step), the run's counts and each cycle with its Mermaid picture and DEPT text are appended to it,
/// so the cycle shows on the run's summary page without downloading the report.
/// </summary>
internal static class JobSummary
{
    /// <summary>The environment variable GitHub Actions sets to the step's summary file.</summary>
    public const string Variable = "GITHUB_STEP_SUMMARY";

    /// <summary>Most cycles pictured; the rest are listed by name (GitHub caps a summary at 1 MiB).</summary>
    public const int MaxPictures = 20;

    /// <summary>Appends the summary when <see cref="Variable"/> is set; a failure to write is a warning, never the run's verdict.</summary>
    public static void TryAppend(ViewGraph graph, string reportPath, TextWriter error, string? target = null)
    {
        target ??= Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(target))
        {
            return;
        }

        try
        {
            File.AppendAllText(target, Render(graph, reportPath), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"dept test: warning: could not write the job summary to {target}: {ex.Message}");
        }
    }

    /// <summary>The Markdown text.</summary>
    public static string Render(ViewGraph graph, string reportPath)
    {
        var b = new StringBuilder();
        var count = graph.Reports.Count;
        b.Append(CultureInfo.InvariantCulture, $"## Dept: {(count == 0 ? "no cycle" : count == 1 ? "1 cycle" : $"{count} cycles")}\n\n");
        b.Append(CultureInfo.InvariantCulture, $"{graph.Classes.Count} classes, {graph.Edges.Count} dependencies; report: `{reportPath}`\n\n");
        for (var i = 0; i < count; i++)
        {
            var r = graph.Reports[i];
            var names = r.Cycle.Select(id => graph.Classes[id].Name).ToList();
            b.Append(CultureInfo.InvariantCulture, $"### Cycle {i + 1}: {r.Kind}\n\n");
            b.Append(Code(string.Join(" → ", names.Append(names[0])))).Append("\n\n");
            if (i < MaxPictures)
            {
                b.Append("```mermaid\n").Append(MermaidExporter.Render(GraphSelection.Cycle(graph, i + 1))).Append("```\n\n");
                b.Append("<details><summary>report</summary>\n\n```text\n").Append(r.Text.TrimEnd().Replace("```", "'''", StringComparison.Ordinal)).Append("\n```\n\n</details>\n\n");
            }
        }

        if (count > MaxPictures)
        {
            b.Append(CultureInfo.InvariantCulture, $"{count - MaxPictures} more cycles are in the report (`dept show`).\n\n");
        }

        return b.ToString();
    }

    // Inline code that survives any backticks in a class name.
    private static string Code(string s) => s.Contains('`', StringComparison.Ordinal) ? "`` " + s + " ``" : "`" + s + "`";
}
