using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Viewer.Cli;

/// <summary>
/// Prints reports' full DEPT text (<see cref="TextReportRenderer"/>, advice included) for <c>dept show</c> and
/// <c>dept test</c>: coloured on a terminal, plain when redirected, so a log or a pipe gets exactly the text of the
/// report file (and of <c>dept-summary.txt</c>).
/// </summary>
internal static class ReportConsole
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[1;31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Magenta = "\u001b[35m";
    private const string Cyan = "\u001b[36m";

    /// <summary>
    /// <c>auto</c>: colour when <paramref name="output"/> is the process's stdout, it is a terminal and
    /// <c>NO_COLOR</c> is unset (no-color.org); <c>always</c>/<c>never</c> force it.
    /// </summary>
    public static bool UseColour(string mode, TextWriter output) => mode switch
    {
        "always" => true,
        "never" => false,
        _ => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
             && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
             && Environment.GetEnvironmentVariable("TERM") != "dumb",
    };

    /// <summary>Writes each report of <paramref name="reports"/>, separated by a blank line.</summary>
    public static void Write(TextWriter output, IEnumerable<DeptReport> reports, bool colour)
    {
        var first = true;
        foreach (var report in reports)
        {
            if (!first)
            {
                output.Write('\n');
            }

            first = false;
            Write(output, TextReportRenderer.Render(report), colour);
        }
    }

    /// <summary>Writes rendered report text, colouring it line by line when <paramref name="colour"/> is set.</summary>
    public static void Write(TextWriter output, string text, bool colour)
    {
        if (!colour)
        {
            output.Write(text);
            return;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.Length > 0)
            {
                var style = Style(line);
                output.Write(style is null ? line : style + line + Reset);
            }

            output.Write('\n');
        }
    }

    /// <summary>Points are coloured the same wherever they appear: [S] cyan, [W] yellow, [E] magenta.</summary>
    private static string? Style(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed switch
        {
            _ when trimmed.StartsWith("***", StringComparison.Ordinal) || trimmed.StartsWith("DEPT:", StringComparison.Ordinal) => Red,
            _ when trimmed.StartsWith("[S] ", StringComparison.Ordinal) => Cyan,
            _ when trimmed.StartsWith("[W] ", StringComparison.Ordinal) => Yellow,
            _ when trimmed.StartsWith("[E] ", StringComparison.Ordinal) => Magenta,
            _ when trimmed.StartsWith("advice:", StringComparison.Ordinal) => Green,
            _ when trimmed.StartsWith("fingerprint:", StringComparison.Ordinal) || trimmed.StartsWith("context ", StringComparison.Ordinal) => Bold,
            _ when trimmed.StartsWith("---", StringComparison.Ordinal) || trimmed.StartsWith("===", StringComparison.Ordinal)
                || trimmed.StartsWith("[S]:", StringComparison.Ordinal) || trimmed.StartsWith("[W]:", StringComparison.Ordinal)
                || trimmed.StartsWith("[E]:", StringComparison.Ordinal) || trimmed.StartsWith("op(", StringComparison.Ordinal)
                || trimmed.StartsWith("Name@", StringComparison.Ordinal) || trimmed.StartsWith("(N/A):", StringComparison.Ordinal) => Dim,
            _ => null,
        };
    }

    /// <summary>The one-line count that heads <c>dept show</c> and ends <c>dept test</c>.</summary>
    /// <remarks>Unreachable and never-fired events (#11) are counted apart from cycles.</remarks>
    public static string Counts(DeptDocument document)
    {
        var unreachable = document.Reports.Count(static r => r.Kind == DeptReportKind.UnreachableEvent);
        var neverFired = document.Reports.Count(static r => r.Kind == DeptReportKind.NeverFiredEvent);
        var cycles = document.Reports.Count - unreachable - neverFired;
        return $"{document.Classes.Count} classes, {document.Dependencies.Count} dependencies, {cycles} cycle(s)"
            + (unreachable > 0 ? $", {unreachable} unreachable event(s)" : string.Empty)
            + (neverFired > 0 ? $", {neverFired} never-fired event(s)" : string.Empty);
    }
}
